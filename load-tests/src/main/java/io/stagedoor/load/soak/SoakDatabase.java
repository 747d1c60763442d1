package io.stagedoor.load.soak;

import io.stagedoor.load.db.JdbcLogin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of the soak's own on the app's PostgreSQL server: made fresh for each soak (the app instances migrate it),
 * so that killing "every backend of the app" can name the database and touch nobody else's sessions.
 */
final class SoakDatabase {

    private final JdbcLogin server;
    private final String name;

    SoakDatabase(JdbcLogin server, String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,40}") || name.equals("test") || name.equals("postgres")) {
            throw new IllegalArgumentException("the soak database must be a name of its own (lower case), not " + name);
        }
        this.server = server;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** The same server and credentials, this database. */
    JdbcLogin login() {
        return new JdbcLogin(server.url().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1"), server.user(), server.password());
    }

    void recreate() {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the soak database " + name + ": " + e.getMessage(), e);
        }
    }

    /** pg_terminate_backend of every session on this database (the app's connections); returns how many were ended. */
    int terminateBackends() {
        try (Connection c = server.connect();
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot terminate the backends of " + name + ": " + e.getMessage(), e);
        }
    }
}
