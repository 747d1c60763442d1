package io.stagedoor.payment.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.payment.application.port.out.IdempotencyKeys.Claim;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.IdempotencyRecord;
import io.stagedoor.payment.domain.IdempotencyState;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.RequestFingerprint;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class R2dbcIdempotencyKeysTest {

    private static final Instant NOW = Instant.parse("2026-12-24T10:00:00Z");
    private static final RequestFingerprint FINGERPRINT = new RequestFingerprint("c".repeat(64));
    private static final IdempotencyKey KEY = IdempotencyKey.of("order-17");

    private static TestDatabase database;
    private static R2dbcIdempotencyKeys keys;

    @BeforeAll
    static void database() {
        database = TestDatabase.create("payment");
        keys = new R2dbcIdempotencyKeys(database.databaseClient());
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void empty() {
        database.execute("DELETE FROM payment.idempotency_keys");
    }

    @Test
    void ofManyConcurrentClaimsOfOneKeyExactlyOneOwnsIt() throws Exception {
        List<Claim> claims = concurrently(40, () -> keys.claim(42, KEY, FINGERPRINT, NOW).block());

        assertThat(claims).filteredOn(claim -> claim instanceof Claim.Owned).hasSize(1);
        assertThat(claims).filteredOn(claim -> claim instanceof Claim.Taken).hasSize(39)
                .allSatisfy(claim -> {
                    IdempotencyRecord record = ((Claim.Taken) claim).record();
                    assertThat(record.state()).isEqualTo(IdempotencyState.IN_PROGRESS);
                    assertThat(record.fingerprint()).isEqualTo(FINGERPRINT);
                    assertThat(record.attempt()).isEqualTo(1);
                });
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys")).isEqualTo(1);
    }

    @Test
    void keysAreScopedToTheUser() {
        assertThat(keys.claim(42, KEY, FINGERPRINT, NOW).block()).isInstanceOf(Claim.Owned.class);
        assertThat(keys.claim(43, KEY, FINGERPRINT, NOW).block()).isInstanceOf(Claim.Owned.class);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'order-17'")).isEqualTo(2);
    }

    @Test
    void completedPaymentIsStoredExactlyAsItMustBeReplayed() {
        int attempt = ((Claim.Owned) keys.claim(42, KEY, FINGERPRINT, NOW).block()).attempt();
        var paid = new PaymentOutcome.Paid(Payment.completed(17, 91, 42, 130_000, Instant.parse("2026-12-24T10:00:01.123Z")), 70_000);

        assertThat(keys.complete(42, KEY, attempt, paid, NOW.plusSeconds(1)).block()).isTrue();

        Claim again = keys.claim(42, KEY, FINGERPRINT, NOW.plusSeconds(2)).block();
        assertThat(again).isInstanceOf(Claim.Taken.class);
        IdempotencyRecord record = ((Claim.Taken) again).record();
        assertThat(record.state()).isEqualTo(IdempotencyState.COMPLETED);
        assertThat(record.outcome()).isEqualTo(paid);
        assertThat(database.queryForLong("SELECT response_status FROM payment.idempotency_keys")).isEqualTo(201);
    }

    @Test
    void storedRefusalKeepsItsStatusCodeTextsAndProperties() {
        int attempt = ((Claim.Owned) keys.claim(42, KEY, FINGERPRINT, NOW).block()).attempt();
        var refused = new PaymentOutcome.Refused(409, "INSUFFICIENT_BALANCE", "Insufficient balance",
                "The balance of user 42 (5 KRW) is lower than 130000 KRW", Map.of("shortfall", 129_995));

        assertThat(keys.complete(42, KEY, attempt, refused, NOW).block()).isTrue();

        IdempotencyRecord record = ((Claim.Taken) keys.claim(42, KEY, FINGERPRINT, NOW).block()).record();
        PaymentOutcome.Refused replay = (PaymentOutcome.Refused) record.outcome();
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.code()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(replay.title()).isEqualTo("Insufficient balance");
        assertThat(replay.detail()).isEqualTo(refused.detail());
        assertThat(((Number) replay.properties().get("shortfall")).longValue()).isEqualTo(129_995);
    }

    @Test
    void onlyTheOwningAttemptCompletesOrReleases() {
        int attempt = ((Claim.Owned) keys.claim(42, KEY, FINGERPRINT, NOW).block()).attempt();
        var refused = new PaymentOutcome.Refused(404, "RESERVATION_NOT_FOUND", "Reservation not found", "gone", Map.of());

        assertThat(keys.complete(42, KEY, attempt + 1, refused, NOW).block()).isFalse();
        keys.release(42, KEY, attempt + 1).block();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE state = 'IN_PROGRESS'")).isEqualTo(1);

        keys.release(42, KEY, attempt).block();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys")).isZero();
        assertThat(keys.claim(42, KEY, FINGERPRINT, NOW).block()).isInstanceOf(Claim.Owned.class);
    }

    @Test
    void completedKeyIsNeitherReleasedNorCompletedAgain() {
        int attempt = ((Claim.Owned) keys.claim(42, KEY, FINGERPRINT, NOW).block()).attempt();
        var first = new PaymentOutcome.Refused(409, "RESERVATION_EXPIRED", "Reservation expired", "late", Map.of());
        keys.complete(42, KEY, attempt, first, NOW).block();

        keys.release(42, KEY, attempt).block();
        var second = new PaymentOutcome.Refused(404, "RESERVATION_NOT_FOUND", "x", "y", Map.of());
        assertThat(keys.complete(42, KEY, attempt, second, NOW).block()).isFalse();

        assertThat(((Claim.Taken) keys.claim(42, KEY, FINGERPRINT, NOW).block()).record().outcome()).isEqualTo(first);
    }

    @Test
    void ofConcurrentTakeOversOfAStaleClaimExactlyOneWinsAndTheOldOwnerCanNoLongerComplete() throws Exception {
        int stale = ((Claim.Owned) keys.claim(42, KEY, FINGERPRINT, NOW).block()).attempt();

        List<Integer> winners = concurrently(20, () -> keys.takeOver(42, KEY, stale, NOW.plusSeconds(120)).block());

        assertThat(winners).filteredOn(attempt -> attempt != null).containsExactly(stale + 1);
        var refused = new PaymentOutcome.Refused(409, "RESERVATION_EXPIRED", "x", "y", Map.of());
        assertThat(keys.complete(42, KEY, stale, refused, NOW).block()).isFalse();
        assertThat(keys.complete(42, KEY, stale + 1, refused, NOW).block()).isTrue();
    }

    @Test
    void purgeDeletesKeysCreatedBeforeTheCutoffOnly() {
        Instant cutoff = NOW.minus(Duration.ofHours(24));
        insertKeys(3, cutoff.minusSeconds(1));
        insertKeys(2, cutoff);
        insertKeys(4, NOW);

        assertThat(keys.purgeCreatedBefore(cutoff).block()).isEqualTo(3);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys")).isEqualTo(6);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE created_at < '" + cutoff + "'")).isZero();
    }

    @Test
    void purgesRunningOnSeveralInstancesAtOnceDeleteEveryOldKeyExactlyOnce() throws Exception {
        int old = 3 * R2dbcIdempotencyKeys.PURGE_BATCH + 17;
        insertKeys(old, NOW.minus(Duration.ofDays(3)));
        insertKeys(25, NOW);

        List<Long> purged = concurrently(4, () -> new R2dbcIdempotencyKeys(database.databaseClient())
                .purgeCreatedBefore(NOW.minus(Duration.ofDays(1))).block());

        assertThat(purged.stream().mapToLong(Long::longValue).sum()).isEqualTo(old);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys")).isEqualTo(25);
    }

    private static void insertKeys(int count, Instant createdAt) {
        database.execute("""
                INSERT INTO payment.idempotency_keys (user_id, idem_key, fingerprint, state, attempt, claimed_at, created_at)
                SELECT 7, 'k-' || md5(random()::text || g), '%s', 'IN_PROGRESS', 1, '%s', '%s'
                FROM generate_series(1, %d) g""".formatted(FINGERPRINT.hex(), createdAt, createdAt, count));
    }

    /** Runs the action on {@code threads} threads released together by one barrier; returns every result. */
    static <T> List<T> concurrently(int threads, Supplier<T> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return action.get();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
