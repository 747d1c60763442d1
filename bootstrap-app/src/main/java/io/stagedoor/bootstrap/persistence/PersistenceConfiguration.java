package io.stagedoor.bootstrap.persistence;

import io.stagedoor.bootstrap.scheduling.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

    private static final Log log = LogFactory.getLog(PersistenceConfiguration.class);

    /**
     * The clock of every use case: this instance's clock set to PostgreSQL's, measured once at start-up (at most a
     * couple of seconds; without the database it starts on its own clock and keeps trying) and again every
     * {@code stagedoor.clock.database-sync}.
     */
    @Bean
    DatabaseClock clock(DatabaseClient db, ObjectProvider<LocalClock> local) {
        DatabaseClock clock = new DatabaseClock(local.getIfAvailable(() -> new LocalClock(Clock.systemUTC())).clock(), db);
        try {
            clock.synchronize().block(Duration.ofSeconds(2));
        } catch (RuntimeException unreachable) {
            log.warn("Could not read PostgreSQL's clock at start-up; using this instance's until it answers: "
                    + unreachable);
        }
        return clock;
    }

    @Bean
    PeriodicTask databaseClockSync(DatabaseClock clock,
                                   @Value("${stagedoor.clock.database-sync:PT10S}") Duration interval) {
        return new PeriodicTask("database clock sync", interval,
                () -> clock.synchronize().map(offset -> 1));
    }

    @Bean
    DatabaseLocation databaseLocation(@Value("${spring.r2dbc.url}") String r2dbcUrl,
                                      @Value("${spring.flyway.url:}") String flywayUrl,
                                      @Value("${spring.r2dbc.username:postgres}") String username,
                                      @Value("${spring.r2dbc.password:}") String password) {
        return new DatabaseLocation(flywayUrl.isBlank() ? JdbcUrls.fromR2dbc(r2dbcUrl) : flywayUrl, username, password);
    }

    @Bean
    SchemaMigrations schemaMigrations(DatabaseLocation database, List<ModuleSchema> schemas,
                                             @Value("${stagedoor.demo-data:${stagedoor.demo-data-default:false}}") boolean demoData) {
        return new SchemaMigrations(database, schemas, demoData);
    }
}
