package io.stagedoor.bootstrap.wiring;

import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.bootstrap.observability.PaymentMeters;
import io.stagedoor.bootstrap.observability.TransactionSpans;
import io.stagedoor.bootstrap.persistence.ModuleSchema;
import io.stagedoor.bootstrap.persistence.TransactionTimeLimit;
import io.stagedoor.bootstrap.scheduling.PeriodicTask;
import io.stagedoor.bootstrap.web.GatedRoutes;
import io.stagedoor.bootstrap.web.UserRoutes;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.payment.PaymentModule;
import io.stagedoor.payment.api.CheckoutUseCase;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReports;
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
 * Exports the payment module ({@link PaymentModule}, schema {@code payment}): builds it from the queue, concert and
 * account api ports in the context, reads its settings, exports its routes and runs the periodic Idempotency-Key
 * purge.
 *
 * <p>Each kind of payment transaction is a {@link TransactionalOperator} over the app's one
 * {@link ReactiveTransactionManager}, bounded by the transaction time limit and, with tracing on, a span of its own.
 * Payments are counted by outcome: the payment meters hear of commits, replays and batch sizes through the module's
 * {@link PaymentReports} port and wrap the pay use case for the rest.
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
    public record Batch(@DefaultValue("32") int maxSize, @DefaultValue("2") int maxInFlight) {

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
    PaymentModule paymentModule(LoadReservationQuery loadReservation, ConfirmReservationUseCase confirmReservation,
                                ConfirmReservationsUseCase confirmReservations, DebitBalanceUseCase debitBalance,
                                DebitBalancesUseCase debitBalances, FanLimitsQuery fanLimits, TicketLimitUseCase ticketLimit,
                                ExpireTokenUseCase expireToken, UserExistenceQuery userExistence,
                                DatabaseClient databaseClient, TransactionTimeLimit transactionTimeLimit,
                                ReactiveTransactionManager transactionManager, TransactionSpans transactionSpans,
                                PaymentSettings settings, Clock clock, PaymentMeters paymentMeters) {
        TransactionalOperator transaction = transactionTimeLimit.operator(transactionManager);
        return PaymentModule.assemble(
                new PaymentModule.Partners(loadReservation, confirmReservation, confirmReservations, debitBalance,
                        debitBalances, fanLimits, ticketLimit, expireToken, userExistence),
                databaseClient, name -> transactionSpans.named(name, transaction), clock,
                new PaymentModule.Settings(settings.idempotencyRetention(), settings.idempotencyWait(),
                        settings.idempotencyClaimTimeout(), settings.batch().maxSize(), settings.batch().maxInFlight()),
                new PaymentModule.Watch() {
                    @Override
                    public PaymentReports reports() {
                        return paymentMeters;
                    }

                    @Override
                    public PayReservationUseCase payments(PayReservationUseCase payments) {
                        return paymentMeters.counted(payments);
                    }

                    @Override
                    public CheckoutUseCase checkouts(CheckoutUseCase checkouts) {
                        return paymentMeters.countedCheckouts(checkouts);
                    }
                });
    }

    /** Purges Idempotency-Keys past their retention every interval on this instance. */
    @Bean
    PeriodicTask idempotencyKeyPurge(PaymentModule paymentModule, PaymentSettings settings) {
        return new PeriodicTask("Idempotency-Key purge", settings.idempotencyPurgeInterval(),
                paymentModule.purgeIdempotencyKeys()::purge);
    }

    @Bean
    PaymentModule.Routes paymentRoutes(PaymentModule paymentModule) {
        return paymentModule.routes();
    }

    /** Writes ask Redis; a refused Queue-Token still gets the answer stored under its request's Idempotency-Key. */
    @Bean
    GatedRoutes paymentGatedRoutes(PaymentModule.Routes paymentRoutes) {
        return new GatedRoutes(paymentRoutes.gated(), GatedRoutes.Writes.ASK_REDIS, paymentRoutes.beforeTheGate());
    }

    /** {@code GET /users/{userId}/payments}: the signed-in user's own payments. */
    @Bean
    UserRoutes paymentUserRoutes(PaymentModule.Routes paymentRoutes) {
        return new UserRoutes(paymentRoutes.ownPayments());
    }
}
