package io.stagedoor.bootstrap.persistence;

/** The JDBC coordinates of the app's PostgreSQL database, for the start-up work that runs over JDBC (migrations, demo data). */
public record DatabaseLocation(String jdbcUrl, String username, String password) {
}
