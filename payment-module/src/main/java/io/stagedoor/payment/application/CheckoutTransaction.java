package io.stagedoor.payment.application;

import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.payment.api.AdmissionAlreadyPaidException;
import io.stagedoor.payment.api.ReservationPaidConcurrentlyException;
import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.application.port.out.PaidAdmissions;
import io.stagedoor.payment.application.port.out.PaymentRecords;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Everything a payment commits together, or not at all, inside the caller's transaction:
 *
 * <ol>
 *   <li>reserve the payment ids (a key's claim has reserved the first one already);</li>
 *   <li>mark the queue token's admission used: one admission pays once, so a concurrent payment with the same token
 *       waits here until this one ends, and then pays nothing (401, like any later call with the token) if this one
 *       committed; no fan or seat is locked before this;</li>
 *   <li>take the fan's lock for the concert (the one every hold of the fan takes first), so no other payment of the fan
 *       commits while this one counts tickets below;</li>
 *   <li>confirm every reservation (seats sold) — each for the concert the token admits to;</li>
 *   <li>count the fan's tickets of the concert, these included, against its ticket limit as it stands now (an
 *       operator may have lowered it after the holds were taken): past it, 409 TICKET_LIMIT_REACHED;</li>
 *   <li>debit the balance once per payment (PAYMENT ledger entry "payment:&lt;id&gt;");</li>
 *   <li>record every payment with its history event and, with a key, the key's COMPLETED outcome.</li>
 * </ol>
 *
 * A refusal anywhere fails the returned Mono with the owning module's error; the caller's transaction then rolls back.
 * Lock order: key, admission, fan, seats, balance, payment rows — the batch of payments takes them in the same order,
 * holds take the fan before seats too, nothing that holds a fan lock waits for an admission, and nothing that holds a
 * seat waits for a fan lock.
 */
final class CheckoutTransaction {

    private final ReservationConfirmation confirmation;
    private final TicketLimitUseCase ticketLimit;
    private final DebitBalanceUseCase balances;
    private final PaymentRecords records;
    private final PaidAdmissions admissions;
    private final IdempotencyKeys keys;
    private final Clock clock;

    CheckoutTransaction(ReservationConfirmation confirmation, TicketLimitUseCase ticketLimit, DebitBalanceUseCase balances,
                        PaymentRecords records, PaidAdmissions admissions, IdempotencyKeys keys, Clock clock) {
        this.confirmation = Objects.requireNonNull(confirmation);
        this.ticketLimit = Objects.requireNonNull(ticketLimit);
        this.balances = Objects.requireNonNull(balances);
        this.records = Objects.requireNonNull(records);
        this.admissions = Objects.requireNonNull(admissions);
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Pays {@code checkout}; {@code claim} is the key's claim this transaction owns, null without a key. */
    Mono<PaymentOutcome> pay(Checkout checkout, IdempotencyKeys.Claim claim) {
        // the admission is marked used before the fan's lock is taken, as a batch of payments does: the two paths take
        // their locks in one order
        return paymentIds(checkout, claim).flatMap(ids -> useAdmission(checkout)
                .then(ticketLimit.withinTicketLimit(UserId.of(checkout.userId()), ConcertId.of(checkout.concertId()),
                        Mono.defer(() -> confirmation.confirm(checkout).flatMap(ReservationConfirmation.Outcome::orRefusal))))
                .flatMap(confirmed -> debit(checkout.userId(), confirmed, ids))
                .flatMap(debited -> record(checkout, debited, claim)));
    }

    private Mono<List<Long>> paymentIds(Checkout checkout, IdempotencyKeys.Claim claim) {
        int count = checkout.reservationIds().size();
        if (claim == null) {
            return count == 1 ? records.nextPaymentId().map(List::of) : records.nextPaymentIds(count).collectList();
        }
        if (count == 1) {
            return Mono.just(List.of(claim.paymentId()));
        }
        return records.nextPaymentIds(count - 1).collectList().map(more -> {
            List<Long> ids = new ArrayList<>(count);
            ids.add(claim.paymentId());
            ids.addAll(more);
            return ids;
        });
    }

    private Mono<Void> useAdmission(Checkout checkout) {
        return admissions.use(Admission.of(checkout.token()), checkout.userId(), clock.instant())
                .flatMap(fresh -> fresh ? Mono.<Void>empty() : Mono.error(new AdmissionAlreadyPaidException()));
    }

    /** One debit per payment, in the checkout's order; the account module refuses the first one the balance cannot cover. */
    private Mono<Debited> debit(long userId, List<ReservationView> confirmed, List<Long> paymentIds) {
        Instant paidAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Payment> payments = IntStream.range(0, confirmed.size())
                .mapToObj(i -> Payment.completed(paymentIds.get(i), confirmed.get(i).reservationId().value(), userId,
                        confirmed.get(i).price().value(), paidAt))
                .toList();
        return Flux.fromIterable(payments)
                .concatMap(payment -> balances.debit(new BalanceMovement(UserId.of(userId), Krw.of(payment.amount()),
                        payment.ledgerReference())))
                .last()
                .map(change -> new Debited(payments, change.balanceAfter().value()));
    }

    private Mono<PaymentOutcome> record(Checkout checkout, Debited debited, IdempotencyKeys.Claim claim) {
        if (!checkout.isCheckoutForm()) {
            PaymentOutcome.Paid paid = new PaymentOutcome.Paid(debited.payments().get(0), debited.balanceAfter());
            return records.record(paid, checkout.key(), claim == null ? 0 : claim.attempt())
                    .flatMap(recording -> recorded(recording, paid.payment(), checkout, claim))
                    .thenReturn(paid);
        }
        PaymentOutcome.CheckoutPaid paid = PaymentOutcome.CheckoutPaid.of(debited.payments(), debited.balanceAfter());
        return Flux.fromIterable(debited.payments())
                .concatMap(payment -> records.record(new PaymentOutcome.Paid(payment, debited.balanceAfter()), null, 0)
                        .flatMap(recording -> recorded(recording, payment, checkout, claim)))
                .then(claim == null ? Mono.empty() : completeKey(checkout, claim, paid))
                .thenReturn(paid);
    }

    private Mono<Void> completeKey(Checkout checkout, IdempotencyKeys.Claim claim, PaymentOutcome.CheckoutPaid paid) {
        return keys.complete(checkout.userId(), checkout.key(), claim.attempt(), paid, clock.instant())
                .flatMap(completed -> completed ? Mono.<Void>empty() : Mono.error(notOwned(checkout, claim)));
    }

    private static Mono<Void> recorded(PaymentRecords.Recording recording, Payment payment, Checkout checkout,
                                       IdempotencyKeys.Claim claim) {
        return switch (recording) {
            case RECORDED -> Mono.empty();
            case RESERVATION_ALREADY_PAID -> Mono.error(new ReservationPaidConcurrentlyException(payment.reservationId()));
            case KEY_NOT_OWNED -> Mono.error(notOwned(checkout, claim));
        };
    }

    /** Cannot happen: this transaction inserted (or took over) the claim and holds its row lock. */
    private static IllegalStateException notOwned(Checkout checkout, IdempotencyKeys.Claim claim) {
        return new IllegalStateException("Attempt " + (claim == null ? 0 : claim.attempt())
                + " does not own the Idempotency-Key it claimed for user " + checkout.userId());
    }

    private record Debited(List<Payment> payments, long balanceAfter) {
    }
}
