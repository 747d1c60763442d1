package io.stagedoor.testsupport;

/** Where a real PostgreSQL server for tests listens; databases are created on it per test class. */
public record PostgresServer(String host, int port, String username, String password, String adminDatabase) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
