package io.stagedoor.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A committed payment batch ends its paid tokens with one call to the queue, not one per payment, on the real concert,
 * account and payment modules; the queue's side (one Redis script per room) is proven by the queue module's
 * BatchTokenExpiryRedisTest.
 */
class BatchTokenExpiryTest {

    private static final long CONCERT = 1;
    private final RealModules m = new RealModules();
    private final List<List<String>> batchCalls = new CopyOnWriteArrayList<>();
    private final List<String> singleCalls = new CopyOnWriteArrayList<>();
    private final AtomicBoolean expiryFails = new AtomicBoolean();
    private final ExpireTokenUseCase recorder = new ExpireTokenUseCase() {
        @Override
        public Mono<Void> expire(String token) {
            singleCalls.add(token);
            return Mono.empty();
        }

        @Override
        public Mono<Void> expireAll(List<String> tokens) {
            batchCalls.add(List.copyOf(tokens));
            return expiryFails.get() ? Mono.error(new IllegalStateException("Redis is down")) : Mono.empty();
        }
    };

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void theQueuedPaymentsOfOneBatchEndTheirTokensInOneCall() throws Exception {
        List<PaymentReceipt> receipts = payBehindABlocker(5);

        assertThat(receipts).hasSize(6);
        assertThat(batchCalls).containsExactly(List.of("t-blocker"), List.of("t-1", "t-2", "t-3", "t-4", "t-5"));
        assertThat(singleCalls).isEmpty();
    }

    @Test
    void aBatchWhoseTokenExpiryFailsStillAnswersItsCommittedPayments() throws Exception {
        expiryFails.set(true);

        List<PaymentReceipt> receipts = payBehindABlocker(3);

        assertThat(receipts).extracting(receipt -> receipt.status().name()).containsOnly("COMPLETED");
        assertThat(m.count("SELECT count(*) FROM payment.payments")).isEqualTo(4);
    }

    /**
     * A blocker's batch waits in its debit while {@code queued} payments queue behind it (one batch in flight), so they
     * all share the next batch; every receipt, the blocker's first.
     */
    private List<PaymentReceipt> payBehindABlocker(int queued) throws Exception {
        long schedule = m.schedule(CONCERT, 50);
        Sinks.Empty<Void> gate = Sinks.empty();
        AtomicBoolean first = new AtomicBoolean(true);
        DebitBalancesUseCase gated = movements -> first.getAndSet(false)
                ? gate.asMono().then(m.debits.debitAll(movements)) : m.debits.debitAll(movements);
        PayReservationUseCase batched = m.batched(gated, recorder, 32, 1);
        long blocker = m.user(200_000);
        List<CompletableFuture<PaymentReceipt>> running = new ArrayList<>();
        running.add(batched.pay(new PayCommand(UserId.of(blocker), ConcertId.of(CONCERT), "t-blocker", ReservationId.of(m.hold(blocker, CONCERT, schedule, 50)), "b"))
                .toFuture());
        for (int i = 1; i <= queued; i++) {
            long user = m.user(200_000);
            running.add(batched.pay(new PayCommand(UserId.of(user), ConcertId.of(CONCERT), "t-" + i, ReservationId.of(m.hold(user, CONCERT, schedule, i)), "k" + i))
                    .toFuture());
        }
        gate.tryEmitEmpty();
        List<PaymentReceipt> receipts = new ArrayList<>();
        for (CompletableFuture<PaymentReceipt> receipt : running) {
            receipts.add(receipt.get(30, TimeUnit.SECONDS));
        }
        return receipts;
    }
}
