package io.stagedoor.payment.adapter.out.persistence;

import io.r2dbc.spi.Readable;
import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.IdempotencyRecord;
import io.stagedoor.payment.domain.IdempotencyState;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.RequestFingerprint;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * payment.idempotency_keys over R2DBC.
 *
 * <p>A claim is one {@code INSERT ... ON CONFLICT DO NOTHING RETURNING attempt, nextval(...)} on the (user_id, idem_key)
 * primary key, run inside the payment's transaction: of any number of concurrent claimants (on any number of instances)
 * exactly one inserts; the others wait on the unique index until that transaction ends, then either find the key
 * stored (it committed) or insert it themselves (it rolled back). The same statement reserves the payment id, so the
 * claim costs one round trip. A take-over is conditional on the stale attempt number, so of several only one wins and
 * a stale owner can never overwrite a newer one.
 */
final class R2dbcIdempotencyKeys implements IdempotencyKeys {

    static final int PURGE_BATCH = 500;

    private final DatabaseClient database;
    private final OutcomeJson json;

    R2dbcIdempotencyKeys(DatabaseClient database) {
        this.database = database;
        this.json = new OutcomeJson();
    }

    @Override
    public Mono<Claim> claim(long userId, IdempotencyKey key, RequestFingerprint fingerprint, Instant now) {
        return database.sql("""
                        INSERT INTO payment.idempotency_keys (user_id, idem_key, fingerprint, state, attempt, claimed_at, created_at)
                        VALUES (:userId, :key, :fingerprint, 'IN_PROGRESS', 1, :now, :now)
                        ON CONFLICT (user_id, idem_key) DO NOTHING
                        RETURNING attempt, nextval('payment.payment_id_seq') AS payment_id""")
                .bind("userId", userId)
                .bind("key", key.value())
                .bind("fingerprint", fingerprint.hex())
                .bind("now", now)
                .map(R2dbcIdempotencyKeys::claimOf)
                .one();
    }

    @Override
    public Mono<IdempotencyRecord> find(long userId, IdempotencyKey key) {
        return database.sql("""
                        SELECT fingerprint, state, attempt, claimed_at, response_status, response_body
                        FROM payment.idempotency_keys WHERE user_id = :userId AND idem_key = :key""")
                .bind("userId", userId)
                .bind("key", key.value())
                .map(this::record)
                .one();
    }

    @Override
    public Mono<Claim> takeOver(long userId, IdempotencyKey key, int staleAttempt, Instant now) {
        return database.sql("""
                        UPDATE payment.idempotency_keys SET attempt = attempt + 1, claimed_at = :now
                        WHERE user_id = :userId AND idem_key = :key AND state = 'IN_PROGRESS' AND attempt = :attempt
                        RETURNING attempt, nextval('payment.payment_id_seq') AS payment_id""")
                .bind("now", now)
                .bind("userId", userId)
                .bind("key", key.value())
                .bind("attempt", staleAttempt)
                .map(R2dbcIdempotencyKeys::claimOf)
                .one();
    }

    @Override
    public Mono<Boolean> complete(long userId, IdempotencyKey key, int attempt, PaymentOutcome outcome, Instant now) {
        return database.sql("""
                        UPDATE payment.idempotency_keys
                           SET state = 'COMPLETED', response_status = :status, response_body = :body, completed_at = :now
                         WHERE user_id = :userId AND idem_key = :key AND state = 'IN_PROGRESS' AND attempt = :attempt""")
                .bind("status", outcome.status())
                .bind("body", json.write(outcome))
                .bind("now", now)
                .bind("userId", userId)
                .bind("key", key.value())
                .bind("attempt", attempt)
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    @Override
    public Mono<Boolean> storeRefusal(long userId, IdempotencyKey key, RequestFingerprint fingerprint, int takenOverAttempt,
                                      PaymentOutcome.Refused refusal, Instant now) {
        // a fresh claim rolled back, so normally nothing is stored and this inserts; on a conflict only the stale
        // IN_PROGRESS row this attempt had taken over is completed (takenOverAttempt 0 never matches: attempts start at 1)
        return database.sql("""
                        INSERT INTO payment.idempotency_keys AS k (user_id, idem_key, fingerprint, state, attempt, claimed_at,
                                                                   response_status, response_body, created_at, completed_at)
                        VALUES (:userId, :key, :fingerprint, 'COMPLETED', :attempt, :now, :status, :body, :now, :now)
                        ON CONFLICT (user_id, idem_key) DO UPDATE
                        SET state = 'COMPLETED', attempt = EXCLUDED.attempt, claimed_at = EXCLUDED.claimed_at,
                            response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body,
                            completed_at = EXCLUDED.completed_at
                        WHERE k.state = 'IN_PROGRESS' AND k.attempt = :takenOverAttempt AND k.fingerprint = EXCLUDED.fingerprint""")
                .bind("userId", userId)
                .bind("key", key.value())
                .bind("fingerprint", fingerprint.hex())
                .bind("attempt", takenOverAttempt + 1)
                .bind("now", now)
                .bind("status", refusal.status())
                .bind("body", json.write(refusal))
                .bind("takenOverAttempt", takenOverAttempt)
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    @Override
    public Mono<Long> purgeCreatedBefore(Instant cutoff) {
        return purgeBatch(cutoff)
                .expand(deleted -> deleted == PURGE_BATCH ? purgeBatch(cutoff) : Mono.empty())
                .reduce(0L, Long::sum);
    }

    /** One batch; SKIP LOCKED lets several instances purge at once without waiting on (or double-counting) each other. */
    private Mono<Long> purgeBatch(Instant cutoff) {
        return database.sql("""
                        DELETE FROM payment.idempotency_keys k
                        USING (SELECT user_id, idem_key FROM payment.idempotency_keys
                               WHERE created_at < :cutoff
                               ORDER BY created_at
                               LIMIT :batch
                               FOR UPDATE SKIP LOCKED) old
                        WHERE k.user_id = old.user_id AND k.idem_key = old.idem_key""")
                .bind("cutoff", cutoff)
                .bind("batch", PURGE_BATCH)
                .fetch().rowsUpdated();
    }

    private static Claim claimOf(Readable row) {
        return new Claim(row.get("attempt", Integer.class), row.get("payment_id", Long.class));
    }

    private IdempotencyRecord record(Readable row) {
        RequestFingerprint fingerprint = new RequestFingerprint(row.get("fingerprint", String.class));
        int attempt = row.get("attempt", Integer.class);
        Instant claimedAt = row.get("claimed_at", Instant.class);
        if (IdempotencyState.valueOf(row.get("state", String.class)) == IdempotencyState.IN_PROGRESS) {
            return IdempotencyRecord.inProgress(fingerprint, attempt, claimedAt);
        }
        PaymentOutcome outcome = json.read(row.get("response_status", Integer.class), row.get("response_body", String.class));
        return IdempotencyRecord.completed(fingerprint, attempt, claimedAt, outcome);
    }
}
