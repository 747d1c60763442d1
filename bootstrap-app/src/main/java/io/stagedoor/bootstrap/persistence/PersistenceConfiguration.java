package io.stagedoor.bootstrap.persistence;

import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
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
