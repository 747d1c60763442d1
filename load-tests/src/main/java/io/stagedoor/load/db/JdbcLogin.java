package io.stagedoor.load.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where and as whom the harness reaches the app's PostgreSQL over JDBC (invariant checks, vacuum between sections). */
public record JdbcLogin(String url, String user, String password) {

    /** A session of its own; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
