package io.stagedoor.account.adapter.out.persistence;

import io.stagedoor.account.application.port.out.Users;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Users in PostgreSQL. A user and its zero balance are inserted by one statement, so neither exists without the other. */
public final class PostgresUsers implements Users {

    private static final String REGISTER = """
            WITH created AS (
                INSERT INTO account.users (name, created_at) VALUES (:name, :at)
                RETURNING id)
            INSERT INTO account.balances (user_id, balance)
            SELECT id, 0 FROM created
            RETURNING user_id""";

    private static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM account.users WHERE id = :userId) AS found";

    private final DatabaseClient db;

    public PostgresUsers(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Long> register(String name, Instant at) {
        return db.sql(REGISTER)
                .bind("name", name)
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
