package io.stagedoor.bootstrap.wiring;

import io.stagedoor.bootstrap.observability.PaymentMeters;
import io.stagedoor.bootstrap.observability.TransactionSpans;
import io.stagedoor.bootstrap.web.UserRoutes;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.bootstrap.persistence.ModuleSchema;
import io.stagedoor.bootstrap.web.GatedRoutes;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.bootstrap.scheduling.PeriodicTask;
import io.stagedoor.bootstrap.persistence.TransactionTimeLimit;
import io.stagedoor.payment.adapter.in.web.PaymentHandler;
import io.stagedoor.payment.adapter.in.web.PaymentRoutes;
import io.stagedoor.payment.adapter.out.persistence.R2dbcIdempotencyKeys;
import io.stagedoor.payment.adapter.out.persistence.R2dbcPaidAdmissions;
import io.stagedoor.payment.adapter.out.persistence.R2dbcPaymentBatches;
import io.stagedoor.payment.adapter.out.persistence.R2dbcPaymentRecords;
import io.stagedoor.payment.api.ListUserPaymentsQuery;
import io.stagedoor.payment.api.CheckoutUseCase;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.StoredAnswerQuery;
import io.stagedoor.payment.application.StoredAnswerService;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.payment.api.PurgeIdempotencyKeysUseCase;
import io.stagedoor.payment.application.BatchedPayReservationService;
import io.stagedoor.payment.application.ListUserPaymentsService;
import io.stagedoor.payment.application.PayReservationService;
import io.stagedoor.payment.application.PurgeIdempotencyKeysService;
import io.stagedoor.payment.application.RequestFingerprints;
import io.stagedoor.payment.domain.IdempotencyPolicy;
import io.stagedoor.payment.domain.IdempotencyRetention;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The payment module (schema {@code payment}): the pay use case composing the queue, concert and account modules
 * through their api ports only, the payment list, the Idempotency-Key store and its periodic purge.
 *
 * <p>The pay service gets a {@link TransactionalOperator} over the app's one {@link ReactiveTransactionManager}; the
 * concert confirmation and the account debit join that transaction (their {@link DatabaseClient}s are transaction-aware),
 * so the Idempotency-Key's claim, confirmation, debit, payment, history and the key's outcome commit together or not at
 * all. Concurrent payments share one such transaction (set-based statements, one commit per batch, see docs/payment.md);
 * the single path answers everything a batch did not pay.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentWiring.PaymentSettings.class)
public class PaymentWiring {

    /**
     * {@code stagedoor.payment.*}:
     * idempotency-retention (STAGEDOOR_PAYMENT_IDEMPOTENCY_RETENTION, at least PT24H) how long keys are kept;
     * idempotency-wait (STAGEDOOR_PAYMENT_IDEMPOTENCY_WAIT) how long a retry waits on a key committed IN_PROGRESS (only
     * an older version commits claims on their own) before 409 IDEMPOTENCY_REQUEST_IN_PROGRESS; a duplicate of a
     * running payment waits on its uncommitted claim's row lock instead, within the request deadline;
     * idempotency-claim-timeout (STAGEDOOR_PAYMENT_IDEMPOTENCY_CLAIM_TIMEOUT) after which a committed IN_PROGRESS claim
     * counts as abandoned (its instance died) and may be taken over;
     * idempotency-purge-interval (STAGEDOOR_PAYMENT_IDEMPOTENCY_PURGE_INTERVAL) how often old keys are purged;
     * batch.max-size (STAGEDOOR_PAYMENT_BATCH_MAX_SIZE) how many concurrent payments share one transaction (1: every
     * payment runs alone, the behaviour before batching); batch.max-in-flight (STAGEDOOR_PAYMENT_BATCH_MAX_IN_FLIGHT)
     * how many batch transactions run at once (each holds one pooled connection while it runs).
     */
    @ConfigurationProperties("stagedoor.payment")
    public record PaymentSettings(
            @DefaultValue("PT24H") Duration idempotencyRetention,
            @DefaultValue("PT5S") Duration idempotencyWait,
            @DefaultValue("PT1M") Duration idempotencyClaimTimeout,
            @DefaultValue("PT1H") Duration idempotencyPurgeInterval,
            @DefaultValue Batch batch) {
    }

    /** {@code stagedoor.payment.batch.*}: see {@link PaymentSettings}. */
    public record Batch(@DefaultValue("32") int maxSize, @DefaultValue("4") int maxInFlight) {

        public Batch {
            if (maxSize < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("stagedoor.payment.batch.max-size and max-in-flight must be at least 1");
            }
        }
    }

    @Bean
    ModuleSchema paymentSchema() {
        return new ModuleSchema("payment");
    }

    @Bean
    R2dbcPaymentRecords paymentRecords(DatabaseClient databaseClient) {
        return new R2dbcPaymentRecords(databaseClient);
    }

    @Bean
    R2dbcIdempotencyKeys paymentIdempotencyKeys(DatabaseClient databaseClient) {
        return new R2dbcIdempotencyKeys(databaseClient);
    }

    @Bean
    R2dbcPaidAdmissions paymentPaidAdmissions(DatabaseClient databaseClient) {
        return new R2dbcPaidAdmissions(databaseClient);
    }

    @Bean
    R2dbcPaymentBatches paymentBatches(DatabaseClient databaseClient) {
        return new R2dbcPaymentBatches(databaseClient);
    }

    /**
     * The pay use case: with batch.max-size 1 the single path alone; otherwise concurrent payments share transactions
     * and the single path answers every request its batch did not pay. Counted by outcome (the payment meters hear of
     * commits, replays and batch sizes through the module's PaymentReports port, and wrap the use case for the rest);
     * with tracing on, each transaction is a span of its own.
     */
    @Bean
    PayReservationUseCase payReservation(LoadReservationQuery loadReservation, ConfirmReservationUseCase confirmReservation,
                                         DebitBalanceUseCase debitBalance, ConfirmReservationsUseCase confirmReservations,
                                         DebitBalancesUseCase debitBalances, ExpireTokenUseCase expireToken,
                                         R2dbcPaymentRecords paymentRecords, R2dbcIdempotencyKeys paymentIdempotencyKeys,
                                         R2dbcPaymentBatches paymentBatches, R2dbcPaidAdmissions paymentPaidAdmissions,
                                         TransactionTimeLimit transactionTimeLimit,
                                         ReactiveTransactionManager transactionManager,
                                         FanLimitsQuery fanLimits, TicketLimitUseCase ticketLimit,
                                         PaymentSettings settings, Clock clock, PaymentMeters paymentMeters,
                                         TransactionSpans transactionSpans) {
        TransactionalOperator transaction = transactionTimeLimit.operator(transactionManager);
        RequestFingerprints fingerprints = new RequestFingerprints();
        PayReservationService single = payReservationService(loadReservation, confirmReservation, confirmReservations,
                debitBalance, fanLimits, ticketLimit, expireToken, paymentRecords, paymentIdempotencyKeys, paymentPaidAdmissions,
                transactionSpans.named("payment transaction", transaction), settings, clock, paymentMeters);
        if (settings.batch().maxSize() == 1) {
            return paymentMeters.counted(single);
        }
        return paymentMeters.counted(new BatchedPayReservationService(single, confirmReservations, ticketLimit, debitBalances,
                paymentBatches, paymentPaidAdmissions, expireToken, transactionSpans.named("payment batch transaction", transaction),
                fingerprints, clock, settings.batch().maxSize(), settings.batch().maxInFlight(), paymentMeters));
    }

    /** A checkout of several holds: never batched (it is one transaction of its own), always the single path. */
    @Bean
    CheckoutUseCase checkout(LoadReservationQuery loadReservation, ConfirmReservationUseCase confirmReservation,
                             ConfirmReservationsUseCase confirmReservations, DebitBalanceUseCase debitBalance,
                             FanLimitsQuery fanLimits, TicketLimitUseCase ticketLimit, ExpireTokenUseCase expireToken, R2dbcPaymentRecords paymentRecords,
                             R2dbcIdempotencyKeys paymentIdempotencyKeys, R2dbcPaidAdmissions paymentPaidAdmissions,
                             TransactionTimeLimit transactionTimeLimit, ReactiveTransactionManager transactionManager,
                             PaymentSettings settings, Clock clock, PaymentMeters paymentMeters,
                             TransactionSpans transactionSpans) {
        PayReservationService service = payReservationService(loadReservation, confirmReservation, confirmReservations,
                debitBalance, fanLimits, ticketLimit, expireToken, paymentRecords, paymentIdempotencyKeys, paymentPaidAdmissions,
                transactionSpans.named("checkout transaction", transactionTimeLimit.operator(transactionManager)), settings,
                clock, paymentMeters);
        // only the checkout port: the service is a PayReservationUseCase too, and that bean is the batched one above
        return paymentMeters.countedCheckouts(service::checkout);
    }

    @Bean
    StoredAnswerQuery storedPaymentAnswers(R2dbcIdempotencyKeys paymentIdempotencyKeys, PaymentSettings settings, Clock clock,
                                           PaymentMeters paymentMeters) {
        return new StoredAnswerService(paymentIdempotencyKeys, new IdempotencyPolicy(settings.idempotencyClaimTimeout()),
                clock, paymentMeters);
    }

    private static PayReservationService payReservationService(
            LoadReservationQuery loadReservation, ConfirmReservationUseCase confirmReservation,
            ConfirmReservationsUseCase confirmReservations, DebitBalanceUseCase debitBalance, FanLimitsQuery fanLimits,
            TicketLimitUseCase ticketLimit, ExpireTokenUseCase expireToken, R2dbcPaymentRecords paymentRecords, R2dbcIdempotencyKeys paymentIdempotencyKeys,
            R2dbcPaidAdmissions paymentPaidAdmissions, TransactionalOperator transaction, PaymentSettings settings, Clock clock,
            PaymentMeters paymentMeters) {
        return new PayReservationService(
                new PayReservationService.Partners(loadReservation, confirmReservation, confirmReservations, debitBalance,
                        fanLimits, ticketLimit, expireToken),
                new PayReservationService.Store(paymentRecords, paymentPaidAdmissions, paymentIdempotencyKeys),
                transaction,
                new PayReservationService.KeyRules(new IdempotencyPolicy(settings.idempotencyClaimTimeout()),
                        settings.idempotencyWait()),
                clock, paymentMeters);
    }

    @Bean
    ListUserPaymentsService listUserPaymentsService(UserExistenceQuery userExistence, R2dbcPaymentRecords paymentRecords) {
        return new ListUserPaymentsService(userExistence, paymentRecords);
    }

    @Bean
    PurgeIdempotencyKeysService purgeIdempotencyKeysService(R2dbcIdempotencyKeys paymentIdempotencyKeys,
                                                            R2dbcPaidAdmissions paymentPaidAdmissions,
                                                            PaymentSettings settings, Clock clock) {
        return new PurgeIdempotencyKeysService(paymentIdempotencyKeys, paymentPaidAdmissions,
                new IdempotencyRetention(settings.idempotencyRetention()), clock);
    }

    /** Purges Idempotency-Keys past their retention every interval on this instance. */
    @Bean
    PeriodicTask idempotencyKeyPurge(PurgeIdempotencyKeysUseCase purgeIdempotencyKeys, PaymentSettings settings) {
        return new PeriodicTask("Idempotency-Key purge", settings.idempotencyPurgeInterval(), purgeIdempotencyKeys::purge);
    }

    @Bean
    PaymentRoutes paymentRoutes(PayReservationUseCase payReservation, CheckoutUseCase checkout,
                                StoredAnswerQuery storedPaymentAnswers, ListUserPaymentsQuery listUserPayments) {
        return new PaymentRoutes(new PaymentHandler(payReservation, checkout, storedPaymentAnswers, listUserPayments));
    }

    /** Writes ask Redis; a refused Queue-Token still gets the answer stored under its request's Idempotency-Key. */
    @Bean
    GatedRoutes paymentGatedRoutes(PaymentRoutes paymentRoutes) {
        return new GatedRoutes(paymentRoutes.gated(), GatedRoutes.Writes.ASK_REDIS, paymentRoutes.beforeTheGate());
    }

    /** {@code GET /users/{userId}/payments}: the signed-in user's own payments. */
    @Bean
    UserRoutes paymentUserRoutes(PaymentRoutes paymentRoutes) {
        return new UserRoutes(paymentRoutes.ownPayments());
    }
}
