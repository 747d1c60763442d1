package io.stagedoor.payment.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.payment.application.port.out.IdempotencyKeys.Claim;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.IdempotencyRecord;
import io.stagedoor.payment.domain.IdempotencyState;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.RequestFingerprint;
import io.stagedoor.testsupport.Concurrently;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class R2dbcIdempotencyKeysTest {

    private static final Instant NOW = Instant.parse("2026-12-24T10:00:00Z");
    private static final RequestFingerprint FINGERPRINT = new RequestFingerprint("c".repeat(64));
    private static final RequestFingerprint OTHER_FINGERPRINT = new RequestFingerprint("d".repeat(64));
    private static final IdempotencyKey KEY = IdempotencyKey.of("order-17");
    private static final PaymentOutcome.Refused REFUSED = new PaymentOutcome.Refused(409, "INSUFFICIENT_BALANCE",
            "Insufficient balance", "The balance of user 42 (5 KRW) is lower than 130000 KRW", Map.of("shortfall", 129_995));

    private static TestDatabase database;
    private static R2dbcIdempotencyKeys keys;
    private static TransactionalOperator transaction;

    @BeforeAll
    static void database() {
        database = TestDatabase.create("payment");
        keys = new R2dbcIdempotencyKeys(database.databaseClient());
        transaction = TransactionalOperator.create(new R2dbcTransactionManager(database.connectionFactory()));
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
    void claimStoresTheKeyInProgressAtAttemptOneAndReservesADistinctPaymentIdEachTime() {
        Claim mine = keys.claim(42, KEY, FINGERPRINT, NOW).block();
        Claim theirs = keys.claim(43, KEY, FINGERPRINT, NOW).block();

        assertThat(mine.attempt()).isEqualTo(1);
        assertThat(theirs.attempt()).isEqualTo(1);
        assertThat(theirs.paymentId()).isNotEqualTo(mine.paymentId()).isPositive();
        IdempotencyRecord record = keys.find(42, KEY).block();
        assertThat(record.state()).isEqualTo(IdempotencyState.IN_PROGRESS);
        assertThat(record.fingerprint()).isEqualTo(FINGERPRINT);
        assertThat(record.claimedAt()).isEqualTo(NOW);
    }

    @Test
    void claimOfAStoredKeyIsEmptyAndReservesNoPaymentId() {
        keys.claim(42, KEY, FINGERPRINT, NOW).block();
        long before = database.queryForLong("SELECT last_value FROM payment.payment_id_seq");

        assertThat(keys.claim(42, KEY, FINGERPRINT, NOW).block()).isNull();
        assertThat(database.queryForLong("SELECT last_value FROM payment.payment_id_seq")).isEqualTo(before);
    }

    @Test
    void ofManyConcurrentClaimsInTransactionsExactlyOneOwnsTheKeyAndTheOthersSeeItOnlyOnceCommitted() throws Exception {
        List<Optional<IdempotencyRecord>> seen = Concurrently.run(20, racer -> transaction.transactional(
                        keys.claim(42, KEY, FINGERPRINT, NOW)
                                // the owner holds its uncommitted claim a while; the others wait on the unique index
                                .flatMap(claim -> Mono.delay(Duration.ofMillis(300)).thenReturn(Optional.<IdempotencyRecord>empty()))
                                .switchIfEmpty(Mono.defer(() -> keys.find(42, KEY).map(Optional::of))))
                .block());

        assertThat(seen).filteredOn(Optional::isEmpty).hasSize(1);
        assertThat(seen).filteredOn(Optional::isPresent).hasSize(19)
                .allSatisfy(record -> assertThat(record.get().attempt()).isEqualTo(1));
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys")).isEqualTo(1);
    }

    @Test
    void claimWaitingOnAnOwnerThatRollsBackOwnsTheKey() throws Exception {
        Sinks.Empty<Void> fail = Sinks.empty();
        AtomicReference<Throwable> ownerError = new AtomicReference<>();
        transaction.transactional(keys.claim(42, KEY, FINGERPRINT, NOW)
                        .flatMap(claim -> fail.asMono().then(Mono.error(new IllegalStateException("owner failed")))))
                .subscribe(null, ownerError::set);
        Thread.sleep(200);

        AtomicReference<Claim> waiter = new AtomicReference<>();
        transaction.transactional(keys.claim(42, KEY, FINGERPRINT, NOW.plusSeconds(1))).subscribe(waiter::set);
        Thread.sleep(200);
        assertThat(waiter.get()).as("blocked on the owner's uncommitted claim").isNull();
        fail.tryEmitEmpty();

        for (int i = 0; i < 200 && waiter.get() == null; i++) {
            Thread.sleep(25);
        }
        assertThat(ownerError.get()).hasMessage("owner failed");
        assertThat(waiter.get()).isNotNull();
        assertThat(waiter.get().attempt()).isEqualTo(1);
        assertThat(keys.find(42, KEY).block().claimedAt()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void completedCheckoutIsStoredOnlyByItsOwningAttemptAndReadsBackAsAnswered() {
        keys.claim(42, KEY, FINGERPRINT, NOW).block();
        PaymentOutcome.CheckoutPaid paid = new PaymentOutcome.CheckoutPaid(java.util.List.of(17L, 18L),
                java.util.List.of(92L, 91L), 42, 260_000, io.stagedoor.payment.domain.PaymentStatus.COMPLETED, NOW, 140_000);

        assertThat(keys.complete(42, KEY, 2, paid, NOW).block()).as("attempt 2 does not own the claim").isFalse();
        assertThat(keys.complete(42, KEY, 1, paid, NOW).block()).isTrue();
        assertThat(keys.complete(42, KEY, 1, paid, NOW).block()).as("completed once").isFalse();

        IdempotencyRecord record = keys.find(42, KEY).block();
        assertThat(record.state()).isEqualTo(IdempotencyState.COMPLETED);
        assertThat(record.outcome()).isEqualTo(paid);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE response_body = "
                + "'{\"paymentIds\":[17,18],\"reservationIds\":[92,91],\"userId\":42,\"amount\":260000,"
                + "\"status\":\"COMPLETED\",\"paidAt\":\"" + NOW + "\",\"balance\":140000}'")).isEqualTo(1);
    }

    @Test
    void storedRefusalKeepsItsStatusCodeTextsAndProperties() {
        assertThat(keys.storeRefusal(42, KEY, FINGERPRINT, 0, REFUSED, NOW).block()).isTrue();

        IdempotencyRecord record = keys.find(42, KEY).block();
        assertThat(record.state()).isEqualTo(IdempotencyState.COMPLETED);
        assertThat(record.attempt()).isEqualTo(1);
        PaymentOutcome.Refused replay = (PaymentOutcome.Refused) record.outcome();
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.code()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(replay.title()).isEqualTo("Insufficient balance");
        assertThat(replay.detail()).isEqualTo(REFUSED.detail());
        assertThat(((Number) replay.properties().get("shortfall")).longValue()).isEqualTo(129_995);
    }

    @Test
    void refusalNeverOverwritesACompletedKeyOrSomeoneElsesClaim() {
        var first = new PaymentOutcome.Refused(409, "RESERVATION_EXPIRED", "Reservation expired", "late", Map.of());
        keys.storeRefusal(42, KEY, FINGERPRINT, 0, first, NOW).block();

        assertThat(keys.storeRefusal(42, KEY, FINGERPRINT, 0, REFUSED, NOW).block()).isFalse();
        assertThat(keys.storeRefusal(42, KEY, FINGERPRINT, 1, REFUSED, NOW).block()).isFalse();
        assertThat(keys.find(42, KEY).block().outcome()).isEqualTo(first);

        IdempotencyKey running = IdempotencyKey.of("running");
        keys.claim(42, running, FINGERPRINT, NOW).block();
        assertThat(keys.storeRefusal(42, running, FINGERPRINT, 0, REFUSED, NOW).block()).as("not taken over by us").isFalse();
        assertThat(keys.storeRefusal(42, running, OTHER_FINGERPRINT, 1, REFUSED, NOW).block()).as("another request").isFalse();
        assertThat(keys.find(42, running).block().state()).isEqualTo(IdempotencyState.IN_PROGRESS);
    }

    @Test
    void ofConcurrentTakeOversOfAStaleClaimExactlyOneWinsAndTheStaleAttemptCanNoLongerCompleteIt() throws Exception {
        int stale = keys.claim(42, KEY, FINGERPRINT, NOW).block().attempt();

        List<Claim> winners = Concurrently.run(20, racer -> keys.takeOver(42, KEY, stale, NOW.plusSeconds(120)).block());

        assertThat(winners).filteredOn(claim -> claim != null).hasSize(1)
                .allSatisfy(claim -> assertThat(claim.attempt()).isEqualTo(stale + 1));
        assertThat(keys.storeRefusal(42, KEY, FINGERPRINT, stale, REFUSED, NOW).block()).isFalse();
        assertThat(keys.storeRefusal(42, KEY, FINGERPRINT, stale + 1, REFUSED, NOW).block()).isTrue();
        assertThat(keys.find(42, KEY).block().attempt()).isEqualTo(stale + 2);
    }

    @Test
    void takeOverRolledBackLeavesTheStaleClaimAsItWas() {
        int stale = keys.claim(42, KEY, FINGERPRINT, NOW).block().attempt();

        assertThatThrownBy(() -> transaction.transactional(keys.takeOver(42, KEY, stale, NOW.plusSeconds(120))
                .then(Mono.error(new IllegalStateException("payment failed")))).block()).hasMessage("payment failed");

        IdempotencyRecord record = keys.find(42, KEY).block();
        assertThat(record.attempt()).isEqualTo(stale);
        assertThat(record.claimedAt()).isEqualTo(NOW);
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

        List<Long> purged = Concurrently.run(4, racer -> new R2dbcIdempotencyKeys(database.databaseClient())
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

}
