package io.stagedoor.payment;

import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.payment.adapter.in.web.PaymentRoutes;
import io.stagedoor.payment.adapter.out.persistence.PaymentPersistence;
import io.stagedoor.payment.application.port.out.PaidAdmissions;
import io.stagedoor.payment.api.CheckoutUseCase;
import io.stagedoor.payment.api.ListUserPaymentsQuery;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReports;
import io.stagedoor.payment.api.PurgeIdempotencyKeysUseCase;
import io.stagedoor.payment.api.StoredAnswerQuery;
import io.stagedoor.payment.application.PaymentServices;
import io.stagedoor.payment.application.RequestFingerprints;
import io.stagedoor.payment.application.batch.BatchedPayments;
import io.stagedoor.payment.application.port.out.PaymentTransactions;
import io.stagedoor.payment.domain.IdempotencyPolicy;
import io.stagedoor.payment.domain.IdempotencyRetention;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The payment module put together, in plain Java (schema {@code payment}): the pay use case composing the queue,
 * concert and account modules through their api ports only ({@link Partners}), the checkout, the payment list and the
 * Idempotency-Key store. bootstrap-app's PaymentWiring and the module tests build it the same way.
 *
 * <p>Every transaction comes from {@link Transactions}, over the app's one transaction manager, and reaches the
 * application through its port {@link PaymentTransactions} (one operator per kind, so each kind keeps its name); the concert
 * confirmation and the account debit join it (their {@link DatabaseClient}s are transaction-aware), so the
 * Idempotency-Key's claim, confirmation, debit, payment, history and the key's outcome commit together or not at all.
 * Concurrent payments share one such transaction (set-based statements, one commit per batch, see docs/payment.md);
 * the single path answers everything a batch did not pay. With batch max size 1 every payment runs alone.
 */
public final class PaymentModule {

    /** The other modules' api ports the payments call. */
    public record Partners(LoadReservationQuery loadReservation, ConfirmReservationUseCase confirmReservation,
                           ConfirmReservationsUseCase confirmReservations, DebitBalanceUseCase debitBalance,
                           DebitBalancesUseCase debitBalances, FanLimitsQuery fanLimits, TicketLimitUseCase ticketLimit,
                           ExpireTokenUseCase expireToken, UserExistenceQuery userExistence) {

        public Partners {
            Objects.requireNonNull(loadReservation, "loadReservation");
            Objects.requireNonNull(confirmReservation, "confirmReservation");
            Objects.requireNonNull(confirmReservations, "confirmReservations");
            Objects.requireNonNull(debitBalance, "debitBalance");
            Objects.requireNonNull(debitBalances, "debitBalances");
            Objects.requireNonNull(fanLimits, "fanLimits");
            Objects.requireNonNull(ticketLimit, "ticketLimit");
            Objects.requireNonNull(expireToken, "expireToken");
            Objects.requireNonNull(userExistence, "userExistence");
        }
    }

    /**
     * How long Idempotency-Keys are kept; how long a retry waits on a key committed IN_PROGRESS before 409
     * IDEMPOTENCY_REQUEST_IN_PROGRESS; after how long a committed IN_PROGRESS claim counts as abandoned; how many
     * concurrent payments share one transaction (1: every payment runs alone) and how many batch transactions run at
     * once.
     */
    public record Settings(Duration idempotencyRetention, Duration idempotencyWait, Duration idempotencyClaimTimeout,
                           int batchMaxSize, int batchMaxInFlight) {

        public Settings {
            Objects.requireNonNull(idempotencyRetention, "idempotencyRetention");
            Objects.requireNonNull(idempotencyWait, "idempotencyWait");
            Objects.requireNonNull(idempotencyClaimTimeout, "idempotencyClaimTimeout");
            if (batchMaxSize < 1 || batchMaxInFlight < 1) {
                throw new IllegalArgumentException("payment batch max size and max in flight must be at least 1");
            }
        }

        /** The app's defaults. */
        public static Settings defaults() {
            return new Settings(Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofMinutes(1), 32, 2);
        }

        public Settings withBatch(int maxSize, int maxInFlight) {
            return new Settings(idempotencyRetention, idempotencyWait, idempotencyClaimTimeout, maxSize, maxInFlight);
        }
    }

    /** The transaction operator for each kind of transaction (the app names each, e.g. for tracing spans). */
    @FunctionalInterface
    public interface Transactions {

        TransactionalOperator named(String name);
    }

    /**
     * What the app hears and wraps: the reports only the pay use case can give (commits, replays, batch sizes) and the
     * pay and checkout use cases themselves (counting how requests ended).
     */
    public interface Watch {

        Watch NONE = new Watch() {
        };

        default PaymentReports reports() {
            return PaymentReports.NONE;
        }

        default PayReservationUseCase payments(PayReservationUseCase payments) {
            return payments;
        }

        default CheckoutUseCase checkouts(CheckoutUseCase checkouts) {
            return checkouts;
        }
    }

    /** The module's routes: gated writes (and the filter that answers retried keys before the gate); own payments. */
    public record Routes(RouterFunction<ServerResponse> gated, HandlerFilterFunction<ServerResponse, ServerResponse> beforeTheGate,
                         RouterFunction<ServerResponse> ownPayments) {
    }

    private final PayReservationUseCase payReservation;
    private final CheckoutUseCase checkout;
    private final StoredAnswerQuery storedAnswers;
    private final ListUserPaymentsQuery listUserPayments;
    private final PurgeIdempotencyKeysUseCase purgeIdempotencyKeys;

    private PaymentModule(Partners partners, DatabaseClient db, Transactions transactions, Clock clock,
                          Settings settings, Watch watch) {
        PaymentPersistence persistence = new PaymentPersistence(db);
        PaidAdmissions paidAdmissions = persistence.paidAdmissions();
        PaymentTransactions paymentTransactions = PaymentPersistence.transactions(kind -> transactions.named(switch (kind) {
            case PAYMENT -> "payment transaction";
            case CHECKOUT -> "checkout transaction";
            case BATCH -> "payment batch transaction";
        }));
        PaymentReports reports = watch.reports();
        PaymentServices services = new PaymentServices(
                new PaymentServices.Partners(partners.loadReservation(), partners.confirmReservation(),
                        partners.confirmReservations(), partners.debitBalance(), partners.fanLimits(),
                        partners.ticketLimit(), partners.expireToken(), partners.userExistence()),
                new PaymentServices.Store(persistence.records(), paidAdmissions, persistence.idempotencyKeys()),
                paymentTransactions,
                new PaymentServices.KeyRules(new IdempotencyPolicy(settings.idempotencyClaimTimeout()),
                        settings.idempotencyWait(), new IdempotencyRetention(settings.idempotencyRetention())),
                clock, reports);
        this.payReservation = watch.payments(settings.batchMaxSize() == 1 ? services.payReservation()
                : BatchedPayments.around(services.payReservation(),
                        new BatchedPayments.Partners(partners.confirmReservations(), partners.debitBalances(),
                                partners.expireToken()),
                        new BatchedPayments.Store(persistence.batches()),
                        paymentTransactions, new RequestFingerprints(), clock,
                        new BatchedPayments.Limits(settings.batchMaxSize(), settings.batchMaxInFlight()), reports));
        this.checkout = watch.checkouts(services.checkout());
        this.storedAnswers = services.storedAnswers();
        this.listUserPayments = services.listUserPayments();
        this.purgeIdempotencyKeys = services.purgeIdempotencyKeys();
    }

    public static PaymentModule assemble(Partners partners, DatabaseClient db, Transactions transactions, Clock clock,
                                         Settings settings, Watch watch) {
        return new PaymentModule(Objects.requireNonNull(partners), Objects.requireNonNull(db),
                Objects.requireNonNull(transactions), Objects.requireNonNull(clock), Objects.requireNonNull(settings),
                Objects.requireNonNull(watch));
    }

    public Routes routes() {
        PaymentRoutes routes = new PaymentRoutes(payReservation, checkout, storedAnswers, listUserPayments);
        return new Routes(routes.gated(), routes.beforeTheGate(), routes.ownPayments());
    }

    // --- api ports ---------------------------------------------------------------------------------------------

    /** Batched unless batch max size is 1; wrapped by the watch. */
    public PayReservationUseCase payReservation() {
        return payReservation;
    }

    public CheckoutUseCase checkout() {
        return checkout;
    }

    public StoredAnswerQuery storedAnswers() {
        return storedAnswers;
    }

    public ListUserPaymentsQuery listUserPayments() {
        return listUserPayments;
    }

    /** Purges Idempotency-Keys past their retention; the app runs it periodically. */
    public PurgeIdempotencyKeysUseCase purgeIdempotencyKeys() {
        return purgeIdempotencyKeys;
    }
}
