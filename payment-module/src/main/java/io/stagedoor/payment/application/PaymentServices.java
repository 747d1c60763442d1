package io.stagedoor.payment.application;

import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.payment.api.CheckoutUseCase;
import io.stagedoor.payment.api.ListUserPaymentsQuery;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReports;
import io.stagedoor.payment.api.PurgeIdempotencyKeysUseCase;
import io.stagedoor.payment.api.StoredAnswerQuery;
import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.application.port.out.PaidAdmissions;
import io.stagedoor.payment.application.port.out.PaymentRecords;
import io.stagedoor.payment.application.port.out.PaymentTransactions;
import io.stagedoor.payment.domain.IdempotencyPolicy;
import io.stagedoor.payment.domain.IdempotencyRetention;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The payment application's services, built for the module's assembly and handed out as api ports only; the services
 * behind them stay package-private. One pay service answers both forms: payments in {@code PAYMENT} transactions,
 * checkouts in {@code CHECKOUT} ones.
 */
public final class PaymentServices {

    /** The other modules' api ports the payment services use. */
    public record Partners(LoadReservationQuery reservations, ConfirmReservationUseCase confirmation,
                           ConfirmReservationsUseCase confirmations, DebitBalanceUseCase balances, FanLimitsQuery fanLimits,
                           TicketLimitUseCase ticketLimit, ExpireTokenUseCase tokens, UserExistenceQuery users) {

        public Partners {
            Objects.requireNonNull(reservations, "reservations");
            Objects.requireNonNull(confirmation, "confirmation");
            Objects.requireNonNull(confirmations, "confirmations");
            Objects.requireNonNull(balances, "balances");
            Objects.requireNonNull(fanLimits, "fanLimits");
            Objects.requireNonNull(ticketLimit, "ticketLimit");
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(users, "users");
        }
    }

    /** The payment schema's ports. */
    public record Store(PaymentRecords records, PaidAdmissions admissions, IdempotencyKeys keys) {

        public Store {
            Objects.requireNonNull(records, "records");
            Objects.requireNonNull(admissions, "admissions");
            Objects.requireNonNull(keys, "keys");
        }
    }

    /**
     * The Idempotency-Key rules; how long a request waits on a key another version of the app committed IN_PROGRESS
     * before 409 IDEMPOTENCY_REQUEST_IN_PROGRESS; how long keys are kept.
     */
    public record KeyRules(IdempotencyPolicy policy, Duration inProgressWait, IdempotencyRetention retention) {

        public KeyRules {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(inProgressWait, "inProgressWait");
            Objects.requireNonNull(retention, "retention");
        }
    }

    private final PayReservationService payments;
    private final StoredAnswerService storedAnswers;
    private final ListUserPaymentsService listUserPayments;
    private final PurgeIdempotencyKeysService purgeIdempotencyKeys;

    /** {@code reports} hears of every committed payment and every replayed answer. */
    public PaymentServices(Partners partners, Store store, PaymentTransactions transactions, KeyRules keyRules,
                           Clock clock, PaymentReports reports) {
        this.payments = new PayReservationService(partners, store, transactions, keyRules, clock, reports);
        this.storedAnswers = new StoredAnswerService(store.keys(), keyRules.policy(), clock, reports);
        this.listUserPayments = new ListUserPaymentsService(partners.users(), store.records());
        this.purgeIdempotencyKeys = new PurgeIdempotencyKeysService(store.keys(), store.admissions(),
                keyRules.retention(), clock);
    }

    /** Every payment on its own: the single path. */
    public PayReservationUseCase payReservation() {
        return payments;
    }

    /** A checkout of several holds is never batched (it is one transaction of its own). */
    public CheckoutUseCase checkout() {
        return payments;
    }

    public StoredAnswerQuery storedAnswers() {
        return storedAnswers;
    }

    public ListUserPaymentsQuery listUserPayments() {
        return listUserPayments;
    }

    public PurgeIdempotencyKeysUseCase purgeIdempotencyKeys() {
        return purgeIdempotencyKeys;
    }
}
