package io.stagedoor.payment.application;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.payment.api.CheckoutReceipt;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.StoredAnswerQuery;
import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.api.PaymentReports;
import io.stagedoor.payment.domain.IdempotencyDecision;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.IdempotencyPolicy;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.PaymentRequest;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Finds the completed answer a user's Idempotency-Key holds for the same request, with one read and no transaction.
 * The payment route asks it when the admission gate refuses the Queue-Token: paying ends the token's session, so the
 * retry of a payment that succeeded carries a token that is no longer valid, and must still get its first answer.
 */
final class StoredAnswerService implements StoredAnswerQuery {

    private final IdempotencyKeys keys;
    private final IdempotencyPolicy policy;
    private final Clock clock;
    private final PaidAnswer answers;
    private final RequestFingerprints fingerprints = new RequestFingerprints();

    StoredAnswerService(IdempotencyKeys keys, IdempotencyPolicy policy, Clock clock, PaymentReports reports) {
        this.keys = Objects.requireNonNull(keys);
        this.policy = Objects.requireNonNull(policy);
        this.clock = Objects.requireNonNull(clock);
        // a replay never ends a session: no token is expired
        this.answers = new PaidAnswer(token -> Mono.empty(), reports);
    }

    @Override
    public Mono<PaymentReceipt> storedPayment(UserId userId, String idempotencyKey, ReservationId reservationId) {
        return Mono.defer(() -> stored(userId, idempotencyKey, new PaymentRequest(reservationId.value())))
                .map(PaidAnswer::paymentReceipt);
    }

    @Override
    public Mono<CheckoutReceipt> storedCheckout(UserId userId, String idempotencyKey,
                                                List<ReservationId> reservationIds) {
        return Mono.defer(() -> stored(userId, idempotencyKey,
                        PaymentRequest.checkout(reservationIds.stream().map(ReservationId::value).toList())))
                .map(PaidAnswer::checkoutReceipt);
    }

    private Mono<PaymentOutcome> stored(UserId userId, String idempotencyKey, PaymentRequest request) {
        return keys.find(userId.value(), IdempotencyKey.of(idempotencyKey))
                .filter(stored -> policy.decide(stored, fingerprints.of(request), clock.instant()) == IdempotencyDecision.REPLAY)
                .flatMap(stored -> answers.replayed(stored.outcome()));
    }
}
