package io.stagedoor.account.adapter.out.persistence;

import io.r2dbc.spi.Readable;
import io.stagedoor.account.application.port.out.ChargeKeys;
import io.stagedoor.account.domain.ChargeOutcome;
import io.stagedoor.account.domain.StoredCharge;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Mono;

/**
 * Charge Idempotency-Keys in PostgreSQL ({@code account.charge_keys}), on the transaction-aware {@link DatabaseClient}:
 * claim, charge and outcome run in the charge's transaction. The purge deletes with {@code FOR UPDATE SKIP LOCKED}, so
 * instances purging at once never wait on or double-delete each other.
 */
final class PostgresChargeKeys implements ChargeKeys {

    private static final String CLAIM = """
            INSERT INTO account.charge_keys (user_id, idem_key, amount, created_at)
            VALUES (:userId, :key, :amount, :at)
            ON CONFLICT (user_id, idem_key) DO NOTHING
            RETURNING true AS claimed""";

    private static final String STORED = """
            SELECT amount, status, balance_after, problem_code, problem_title, problem_detail
              FROM account.charge_keys WHERE user_id = :userId AND idem_key = :key""";

    private static final String COMPLETE = """
            UPDATE account.charge_keys
               SET status = :status, balance_after = :balanceAfter, problem_code = :code, problem_title = :title,
                   problem_detail = :detail
             WHERE user_id = :userId AND idem_key = :key""";

    private static final String PURGE = """
            DELETE FROM account.charge_keys WHERE (user_id, idem_key) IN (
                SELECT user_id, idem_key FROM account.charge_keys WHERE created_at < :cutoff
                 LIMIT :limit FOR UPDATE SKIP LOCKED)""";

    private final DatabaseClient db;

    PostgresChargeKeys(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Boolean> claim(long userId, String key, long amount, Instant at) {
        return db.sql(CLAIM)
                .bind("userId", userId)
                .bind("key", key)
                .bind("amount", amount)
                .bind("at", at)
                .map(row -> Boolean.TRUE)
                .one()
                .defaultIfEmpty(Boolean.FALSE);
    }

    @Override
    public Mono<StoredCharge> stored(long userId, String key) {
        return db.sql(STORED)
                .bind("userId", userId)
                .bind("key", key)
                .map(PostgresChargeKeys::toStoredCharge)
                .one();
    }

    @Override
    public Mono<Void> complete(long userId, String key, ChargeOutcome outcome) {
        return db.sql(COMPLETE)
                .bind("userId", userId)
                .bind("key", key)
                .bind("status", (short) outcome.status())
                .bind("balanceAfter", nullable(outcome.balanceAfter(), Long.class))
                .bind("code", nullable(outcome.code(), String.class))
                .bind("title", nullable(outcome.title(), String.class))
                .bind("detail", nullable(outcome.detail(), String.class))
                .fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("the claimed Idempotency-Key of user " + userId + " is gone")));
    }

    @Override
    public Mono<Long> purgeCreatedBefore(Instant cutoff, int limit) {
        return db.sql(PURGE)
                .bind("cutoff", cutoff)
                .bind("limit", limit)
                .fetch().rowsUpdated();
    }

    private static StoredCharge toStoredCharge(Readable row) {
        int status = row.get("status", Short.class);
        ChargeOutcome outcome = status == ChargeOutcome.CHARGED
                ? ChargeOutcome.charged(row.get("balance_after", Long.class))
                : ChargeOutcome.refused(status, row.get("problem_code", String.class), row.get("problem_title", String.class),
                        row.get("problem_detail", String.class));
        return new StoredCharge(row.get("amount", Long.class), outcome);
    }

    private static Object nullable(Object value, Class<?> type) {
        return value == null ? Parameter.empty(type) : value;
    }
}
