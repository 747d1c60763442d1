package io.stagedoor.account.adapter.out.persistence;

import io.stagedoor.account.application.port.out.Users;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Users in PostgreSQL. A user, its zero balance and its password hash are inserted by one statement, so none exists
 * without the others.
 */
final class PostgresUsers implements Users {

    private static final String REGISTER = """
            WITH created AS (
                INSERT INTO account.users (name, created_at) VALUES (:name, :at)
                RETURNING id),
            credential AS (
                INSERT INTO account.credentials (user_id, password_hash, created_at)
                SELECT id, :passwordHash, :at FROM created)
            INSERT INTO account.balances (user_id, balance)
            SELECT id, 0 FROM created
            RETURNING user_id""";

    private static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM account.users WHERE id = :userId) AS found";

    private final DatabaseClient db;

    PostgresUsers(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Long> register(String name, String passwordHash, Instant at) {
        return db.sql(REGISTER)
                .bind("name", name)
                .bind("passwordHash", passwordHash)
                .bind("at", at)
                .map(row -> row.get("user_id", Long.class))
                .one();
    }

    @Override
    public Mono<Boolean> exists(long userId) {
        return db.sql(EXISTS)
                .bind("userId", userId)
                .map(row -> row.get("found", Boolean.class))
                .one();
    }
}
