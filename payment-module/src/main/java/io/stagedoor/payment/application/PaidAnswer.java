package io.stagedoor.payment.application;

import io.stagedoor.common.id.PaymentId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import io.stagedoor.payment.api.CheckoutReceipt;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.PaymentStatus;
import io.stagedoor.payment.api.ReplayedRefusalException;
import io.stagedoor.payment.api.PaymentReports;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The answer to a payment request once the service has settled it, shared by the single, the checkout and the batched
 * path. A payment that committed just now ends the token's session first (Redis cannot take part in the PostgreSQL
 * transaction, so after the commit); the payment stands whatever happens to the expiry, the token then simply runs
 * out. A replayed answer is given as stored: a receipt, or the stored refusal as the same problem.
 *
 * <p>Public for the batch package ({@code application.batch}), which answers what its batches paid.
 */
public final class PaidAnswer {

    private static final Log log = LogFactory.getLog(PaidAnswer.class);
    private static final Duration EXPIRE_TOKEN_TIMEOUT = Duration.ofSeconds(2);

    private final ExpireTokenUseCase tokens;
    private final PaymentReports reports;

    public PaidAnswer(ExpireTokenUseCase tokens, PaymentReports reports) {
        this.tokens = Objects.requireNonNull(tokens);
        this.reports = Objects.requireNonNull(reports);
    }

    /** A batch committed this payment and has already ended its token ({@link #expireTokens}). */
    public Mono<PaymentReceipt> ofBatch(PaymentOutcome.Paid paid) {
        reports.completed();
        return Mono.just(paymentReceipt(paid));
    }

    /**
     * Ends the sessions of a committed batch's tokens in one call (one Redis round trip per room, where one per payment
     * cost a quarter of the app's Lettuce time on the payment path); as for one payment, a failure only logs.
     */
    public Mono<Void> expireTokens(List<String> tokens, Collection<PaymentOutcome.Paid> paid) {
        if (tokens.isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> this.tokens.expireAll(tokens))
                .timeout(EXPIRE_TOKEN_TIMEOUT)
                .onErrorResume(failure -> RequestLog.warn(log, "Payments " + paid.stream().map(p -> p.payment().id()).toList()
                        + " are committed, but expiring their queue tokens failed; the tokens will run out by themselves: " + failure));
    }

    /** The paid (or stored) outcome for the client; a stored refusal fails with its problem. */
    Mono<PaymentOutcome> outcomeOf(String token, Settled settled) {
        PaymentOutcome outcome = settled.outcome();
        if (settled.replayed()) {
            return replayed(outcome);
        }
        reports.completed();
        return expireToken(token, outcome).thenReturn(outcome);
    }

    /** A stored answer, given again. */
    Mono<PaymentOutcome> replayed(PaymentOutcome stored) {
        reports.replayed();
        if (stored instanceof PaymentOutcome.Refused refused) {
            return Mono.error(new ReplayedRefusalException(refused.status(), refused.code(), refused.title(),
                    refused.detail(), refused.properties()));
        }
        return Mono.just(stored);
    }

    private Mono<Void> expireToken(String token, PaymentOutcome paid) {
        return Mono.defer(() -> tokens.expire(token))
                .timeout(EXPIRE_TOKEN_TIMEOUT)
                .onErrorResume(failure -> RequestLog.warn(log, "Payment " + paymentIds(paid)
                        + " is committed, but expiring its queue token failed; the token will run out by itself: " + failure));
    }

    private static Object paymentIds(PaymentOutcome paid) {
        return paid instanceof PaymentOutcome.CheckoutPaid checkout ? checkout.paymentIds()
                : ((PaymentOutcome.Paid) paid).payment().id();
    }

    /** The one-reservation form's body: its key can only hold a one-reservation outcome (the fingerprint tells the forms apart). */
    static PaymentReceipt paymentReceipt(PaymentOutcome outcome) {
        if (!(outcome instanceof PaymentOutcome.Paid paid)) {
            throw new IllegalStateException("a one-reservation payment ended with " + outcome.getClass().getSimpleName());
        }
        Payment payment = paid.payment();
        return new PaymentReceipt(PaymentId.of(payment.id()), ReservationId.of(payment.reservationId()),
                UserId.of(payment.userId()), Krw.of(payment.amount()), PaymentStatus.valueOf(payment.status().name()),
                payment.paidAt(), Krw.of(paid.balanceAfter()));
    }

    /** The checkout form's body. */
    static CheckoutReceipt checkoutReceipt(PaymentOutcome outcome) {
        if (!(outcome instanceof PaymentOutcome.CheckoutPaid paid)) {
            throw new IllegalStateException("a checkout ended with " + outcome.getClass().getSimpleName());
        }
        return new CheckoutReceipt(paid.paymentIds().stream().map(PaymentId::of).toList(),
                paid.reservationIds().stream().map(ReservationId::of).toList(), UserId.of(paid.userId()),
                Krw.of(paid.amount()), PaymentStatus.valueOf(paid.paymentStatus().name()), paid.paidAt(),
                Krw.of(paid.balanceAfter()));
    }
}
