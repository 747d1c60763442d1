package io.stagedoor.account.adapter.out.persistence;

import io.stagedoor.account.application.port.out.Credentials;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Password hashes in PostgreSQL ({@code account.credentials}). */
final class PostgresCredentials implements Credentials {

    private static final String HASH_OF = "SELECT password_hash FROM account.credentials WHERE user_id = :userId";

    private final DatabaseClient db;

    PostgresCredentials(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<String> passwordHashOf(long userId) {
        return db.sql(HASH_OF)
                .bind("userId", userId)
                .map(row -> row.get("password_hash", String.class))
                .one();
    }
}
