package io.stagedoor.account.adapter.out.persistence;

import io.stagedoor.account.api.ExternalSubject;
import io.stagedoor.account.application.port.out.ExternalIdentities;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * External subjects' users in PostgreSQL ({@code account.external_identities}). The creation is ONE statement: the
 * mapping's INSERT ... ON CONFLICT DO NOTHING on its primary key (issuer, subject) takes a new user id, and only the
 * row it really inserted feeds the user's and the balance's INSERTs (the foreign keys are checked at the statement's
 * end, when all three rows exist). A concurrent creation of the same subject waits on the primary key and inserts
 * nothing, so a subject gets exactly one user; an id it drew from the sequence is simply skipped.
 */
final class PostgresExternalIdentities implements ExternalIdentities {

    private static final String USER_OF = """
            SELECT user_id FROM account.external_identities WHERE issuer = :issuer AND subject = :subject""";

    private static final String CREATE = """
            WITH claimed AS (
                INSERT INTO account.external_identities (issuer, subject, user_id, created_at)
                VALUES (:issuer, :subject, nextval(pg_get_serial_sequence('account.users', 'id')), :at)
                ON CONFLICT (issuer, subject) DO NOTHING
                RETURNING user_id),
            created AS (
                INSERT INTO account.users (id, name, created_at)
                SELECT user_id, :name, :at FROM claimed
                RETURNING id)
            INSERT INTO account.balances (user_id, balance)
            SELECT id, 0 FROM created
            RETURNING user_id""";

    private final DatabaseClient db;

    PostgresExternalIdentities(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Long> userOf(ExternalSubject subject) {
        return db.sql(USER_OF)
                .bind("issuer", subject.issuer())
                .bind("subject", subject.subject())
                .map(row -> row.get("user_id", Long.class))
                .one();
    }

    @Override
    public Mono<Long> createUserFor(ExternalSubject subject, String name, Instant at) {
        return db.sql(CREATE)
                .bind("issuer", subject.issuer())
                .bind("subject", subject.subject())
                .bind("name", name)
                .bind("at", at)
                .map(row -> row.get("user_id", Long.class))
                .one();
    }
}
