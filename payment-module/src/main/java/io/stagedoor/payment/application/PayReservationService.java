package io.stagedoor.payment.application;

import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.payment.api.CheckoutCommand;
import io.stagedoor.payment.api.CheckoutReceipt;
import io.stagedoor.payment.api.CheckoutUseCase;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.TooManyReservationsException;
import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.application.port.out.PaidAdmissions;
import io.stagedoor.payment.application.port.out.PaymentRecords;
import io.stagedoor.payment.api.PaymentReports;
import io.stagedoor.payment.domain.IdempotencyPolicy;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Pays one reservation, or a checkout of several, in ONE PostgreSQL transaction ({@link CheckoutTransaction} says what
 * it does, step by step). Without an Idempotency-Key the transaction simply runs; with one, {@link KeyedCheckout}
 * claims the key in the same transaction and replays what the key already holds. After the commit, {@link PaidAnswer}
 * ends the token's session and answers.
 *
 * <p>Errors of the other modules pass through untouched.
 */
public final class PayReservationService implements PayReservationUseCase, CheckoutUseCase {

    /** The other modules' api ports a payment uses. */
    public record Partners(LoadReservationQuery reservations, ConfirmReservationUseCase confirmation,
                           ConfirmReservationsUseCase confirmations, DebitBalanceUseCase balances, FanLimitsQuery fanLimits,
                           TicketLimitUseCase ticketLimit, ExpireTokenUseCase tokens) {
    }

    /** The payment schema's ports. */
    public record Store(PaymentRecords records, PaidAdmissions admissions, IdempotencyKeys keys) {
    }

    /**
     * The Idempotency-Key rules, and how long a request waits on a key another version of the app committed
     * IN_PROGRESS before 409 IDEMPOTENCY_REQUEST_IN_PROGRESS.
     */
    public record KeyRules(IdempotencyPolicy policy, Duration inProgressWait) {
    }

    private final TransactionalOperator transaction;
    private final CheckoutTransaction checkouts;
    private final KeyedCheckout keyed;
    private final PaidAnswer answers;
    private final FanLimitsQuery fanLimits;
    private final RequestFingerprints fingerprints = new RequestFingerprints();

    public PayReservationService(Partners partners, Store store, TransactionalOperator transaction, KeyRules keyRules,
                                 Clock clock) {
        this(partners, store, transaction, keyRules, clock, PaymentReports.NONE);
    }

    /** As above, telling {@code reports} of every committed payment and every replayed answer. */
    public PayReservationService(Partners partners, Store store, TransactionalOperator transaction, KeyRules keyRules,
                                 Clock clock, PaymentReports reports) {
        this.transaction = Objects.requireNonNull(transaction);
        this.checkouts = new CheckoutTransaction(
                new ReservationConfirmation(partners.confirmation(), partners.confirmations(), partners.reservations()),
                partners.ticketLimit(), partners.balances(), store.records(), store.admissions(), store.keys(), clock);
        this.keyed = new KeyedCheckout(checkouts, store.keys(), keyRules.policy(), transaction, clock,
                keyRules.inProgressWait());
        this.answers = new PaidAnswer(partners.tokens(), reports);
        this.fanLimits = Objects.requireNonNull(partners.fanLimits());
    }

    @Override
    public Mono<PaymentReceipt> pay(PayCommand command) {
        return Mono.defer(() -> settle(Checkout.of(command, fingerprints)))
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
                        : settle(Checkout.of(command, fingerprints)))
                .flatMap(settled -> answers.outcomeOf(command.token(), settled))
                .map(PaidAnswer::checkoutReceipt);
    }

    private Mono<Settled> settle(Checkout checkout) {
        if (checkout.key() != null) {
            return keyed.pay(checkout);
        }
        return transaction.transactional(Mono.defer(() -> checkouts.pay(checkout, null))).map(Settled::paidNow);
    }
}
