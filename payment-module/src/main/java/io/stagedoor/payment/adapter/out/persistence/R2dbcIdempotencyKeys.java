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
 * payment.idempotency_keys over R2DBC. A claim is one INSERT ... ON CONFLICT DO NOTHING on the (user_id, idem_key)
 * primary key, so of any number of concurrent claimants (on any number of instances) exactly one owns the key.
 * Every later change is conditional on the owner's attempt number, so a stale owner can never overwrite a new one.
 */
public final class R2dbcIdempotencyKeys implements IdempotencyKeys {

    static final int PURGE_BATCH = 500;
    private static final int CLAIM_TRIES = 5;

    private final DatabaseClient database;
    private final OutcomeJson json;

    public R2dbcIdempotencyKeys(DatabaseClient database) {
        this.database = database;
        this.json = new OutcomeJson();
    }

    @Override
    public Mono<Claim> claim(long userId, IdempotencyKey key, RequestFingerprint fingerprint, Instant now) {
        return claim(userId, key, fingerprint, now, CLAIM_TRIES);
    }

    private Mono<Claim> claim(long userId, IdempotencyKey key, RequestFingerprint fingerprint, Instant now, int triesLeft) {
        // read first: a retry of a stored key (the common case while waiting) never queues behind the owner's row lock
        Mono<Claim> stored = find(userId, key).map(Claim.Taken::new);
        Mono<Claim> inserted = database.sql("""
                        INSERT INTO payment.idempotency_keys (user_id, idem_key, fingerprint, state, attempt, claimed_at, created_at)
                        VALUES (:userId, :key, :fingerprint, 'IN_PROGRESS', 1, :now, :now)
                        ON CONFLICT (user_id, idem_key) DO NOTHING
                        RETURNING attempt""")
                .bind("userId", userId)
                .bind("key", key.value())
                .bind("fingerprint", fingerprint.hex())
                .bind("now", now)
                .map(row -> (Claim) new Claim.Owned(row.get("attempt", Integer.class)))
                .one();
        return stored
                .switchIfEmpty(inserted)
                .switchIfEmpty(find(userId, key).map(Claim.Taken::new))
                // stored, then released between our INSERT and SELECT: try again
                .switchIfEmpty(Mono.defer(() -> triesLeft > 1
                        ? claim(userId, key, fingerprint, now, triesLeft - 1)
                        : Mono.error(new IllegalStateException("Idempotency-Key '" + key + "' kept changing under us"))));
    }

    Mono<IdempotencyRecord> find(long userId, IdempotencyKey key) {
        return database.sql("""
                        SELECT fingerprint, state, attempt, claimed_at, response_status, response_body
                        FROM payment.idempotency_keys WHERE user_id = :userId AND idem_key = :key""")
                .bind("userId", userId)
                .bind("key", key.value())
                .map(this::record)
                .one();
    }

    @Override
    public Mono<Integer> takeOver(long userId, IdempotencyKey key, int staleAttempt, Instant now) {
        return database.sql("""
                        UPDATE payment.idempotency_keys SET attempt = attempt + 1, claimed_at = :now
                        WHERE user_id = :userId AND idem_key = :key AND state = 'IN_PROGRESS' AND attempt = :attempt
                        RETURNING attempt""")
                .bind("now", now)
                .bind("userId", userId)
                .bind("key", key.value())
                .bind("attempt", staleAttempt)
                .map(row -> row.get("attempt", Integer.class))
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
    public Mono<Void> release(long userId, IdempotencyKey key, int attempt) {
        return database.sql("""
                        DELETE FROM payment.idempotency_keys
                        WHERE user_id = :userId AND idem_key = :key AND state = 'IN_PROGRESS' AND attempt = :attempt""")
                .bind("userId", userId)
                .bind("key", key.value())
                .bind("attempt", attempt)
                .then();
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
