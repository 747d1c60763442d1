package io.stagedoor.payment.application;

import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.payment.api.CheckoutCommand;
import io.stagedoor.payment.api.CheckoutReceipt;
import io.stagedoor.payment.api.CheckoutUseCase;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.TooManyReservationsException;
import io.stagedoor.payment.application.port.out.PaymentTransactions;
import io.stagedoor.payment.application.port.out.PaymentTransactions.Kind;
import io.stagedoor.payment.api.PaymentReports;
import java.time.Clock;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Pays one reservation, or a checkout of several, in ONE PostgreSQL transaction ({@link CheckoutTransaction} says what
 * it does, step by step). Without an Idempotency-Key the transaction simply runs; with one, {@link KeyedCheckout}
 * claims the key in the same transaction and replays what the key already holds. After the commit, {@link PaidAnswer}
 * ends the token's session and answers. A payment runs in a {@link Kind#PAYMENT} transaction, a checkout in a
 * {@link Kind#CHECKOUT} one.
 *
 * <p>Errors of the other modules pass through untouched.
 */
final class PayReservationService implements PayReservationUseCase, CheckoutUseCase {

    private final PaymentTransactions transactions;
    private final CheckoutTransaction checkouts;
    private final KeyedCheckout keyed;
    private final PaidAnswer answers;
    private final FanLimitsQuery fanLimits;
    private final RequestFingerprints fingerprints = new RequestFingerprints();

    PayReservationService(PaymentServices.Partners partners, PaymentServices.Store store,
                          PaymentTransactions transactions, PaymentServices.KeyRules keyRules, Clock clock) {
        this(partners, store, transactions, keyRules, clock, PaymentReports.NONE);
    }

    /** As above, telling {@code reports} of every committed payment and every replayed answer. */
    PayReservationService(PaymentServices.Partners partners, PaymentServices.Store store,
                          PaymentTransactions transactions, PaymentServices.KeyRules keyRules, Clock clock,
                          PaymentReports reports) {
        this.transactions = Objects.requireNonNull(transactions);
        this.checkouts = new CheckoutTransaction(
                new ReservationConfirmation(partners.confirmation(), partners.confirmations(), partners.reservations()),
                partners.ticketLimit(), partners.balances(), store.records(), store.admissions(), store.keys(), clock);
        this.keyed = new KeyedCheckout(checkouts, store.keys(), keyRules.policy(), transactions, clock,
                keyRules.inProgressWait());
        this.answers = new PaidAnswer(partners.tokens(), reports);
        this.fanLimits = Objects.requireNonNull(partners.fanLimits());
    }

    @Override
    public Mono<PaymentReceipt> pay(PayCommand command) {
        return Mono.defer(() -> settle(Checkout.of(command, fingerprints), Kind.PAYMENT))
                .flatMap(settled -> answers.outcomeOf(command.token(), settled))
                .map(PaidAnswer::paymentReceipt);
    }

    /**
     * More reservations than the concert's ticket limit are refused before anything runs (400); the tickets they would
     * add to the fan's are judged inside the transaction (409 TICKET_LIMIT_REACHED).
     */
    @Override
    public Mono<CheckoutReceipt> checkout(CheckoutCommand command) {
        return Mono.defer(() -> fanLimits.fanLimits(command.concertId()))
                .flatMap(limits -> command.reservationIds().size() > limits.ticketsPerFan()
                        ? Mono.error(new TooManyReservationsException(command.reservationIds().size(), limits.ticketsPerFan()))
                        : settle(Checkout.of(command, fingerprints), Kind.CHECKOUT))
                .flatMap(settled -> answers.outcomeOf(command.token(), settled))
                .map(PaidAnswer::checkoutReceipt);
    }

    private Mono<Settled> settle(Checkout checkout, Kind kind) {
        if (checkout.key() != null) {
            return keyed.pay(checkout, kind);
        }
        return transactions.inTransaction(kind, Mono.defer(() -> checkouts.pay(checkout, null))).map(Settled::paidNow);
    }
}
