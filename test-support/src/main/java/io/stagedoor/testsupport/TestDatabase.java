package io.stagedoor.testsupport;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A fresh PostgreSQL database on the shared test server, migrated with the given modules' schemas.
 * Each module keeps its migrations in {@code classpath:db/migration/<schema>}, exactly as the app runs them.
 */
public final class TestDatabase implements AutoCloseable {

    private final PostgresServer server;
    private final String name;
    private final ConnectionPool pool;

    private TestDatabase(PostgresServer server, String name, int poolSize) {
        this.server = server;
        this.name = name;
        PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(server.host())
                .port(server.port())
                .username(server.username())
                .password(server.password())
                .database(name)
                .build());
        this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .initialSize(2)
                .maxSize(poolSize)
                .maxAcquireTime(Duration.ofSeconds(30))
                .build());
    }

    /** Creates and migrates a new database holding the given module schemas (e.g. "account", "concert"). */
    public static TestDatabase create(String... schemas) {
        PostgresServer server = TestServers.postgres();
        String name = "sd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(server, server.adminDatabase(), "CREATE DATABASE " + name);
        for (String schema : schemas) {
            Flyway.configure()
                    .dataSource(server.jdbcUrl(name), server.username(), server.password())
                    .schemas(schema)
                    .locations("classpath:db/migration/" + schema)
                    .load()
                    .migrate();
        }
        return new TestDatabase(server, name, 20);
    }

    public ConnectionFactory connectionFactory() {
        return pool;
    }

    public DatabaseClient databaseClient() {
        return DatabaseClient.create(pool);
    }

    public String name() {
        return name;
    }

    public String r2dbcUrl() {
        return server.r2dbcUrl(name);
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** Spring Boot properties that point an application context at this database. */
    public Map<String, String> springProperties() {
        return Map.of(
                "spring.r2dbc.url", r2dbcUrl(),
                "spring.r2dbc.username", server.username(),
                "spring.r2dbc.password", server.password());
    }

    /** Runs plain SQL over JDBC, for test set-up and for assertions read straight from the tables. */
    public void execute(String sql) {
        execute(server, name, sql);
    }

    /** A JDBC session of its own (the caller closes it), for tests that need several statements in one session. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server.username(), server.password());
    }

    /** Reads one number straight from the database (JDBC on the test thread, never an event loop). */
    public long queryForLong(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), server.username(), server.password());
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("No row for: " + sql);
            }
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
        execute(server, server.adminDatabase(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(PostgresServer server, String database, String sql) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), server.username(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
