package io.stagedoor.bootstrap.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StreamUtils;

/**
 * Migrates every module's own schema with its own Flyway history at start-up (on the main thread, before any
 * ticker or request can touch the database), then applies each module's demo data when it is switched on.
 */
public final class SchemaMigrations implements SmartInitializingSingleton {

    private static final Log log = LogFactory.getLog(SchemaMigrations.class);

    private final DatabaseLocation database;
    private final List<ModuleSchema> schemas;
    private final boolean demoData;

    public SchemaMigrations(DatabaseLocation database, List<ModuleSchema> schemas, boolean demoData) {
        this.database = database;
        this.schemas = List.copyOf(schemas);
        this.demoData = demoData;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (ModuleSchema schema : schemas) {
            Flyway.configure()
                    .dataSource(database.jdbcUrl(), database.username(), database.password())
                    .schemas(schema.name())
                    .locations("classpath:db/migration/" + schema.name())
                    .load()
                    .migrate();
        }
        if (demoData) {
            schemas.forEach(this::applyDemoData);
        }
    }

    private void applyDemoData(ModuleSchema schema) {
        ClassPathResource script = new ClassPathResource("db/demo/" + schema.name() + ".sql");
        if (!script.exists()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute(StreamUtils.copyToString(script.getInputStream(), StandardCharsets.UTF_8));
            log.info("Demo data applied for schema " + schema.name());
        } catch (SQLException e) {
            throw new IllegalStateException("Demo data for schema " + schema.name() + " failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
