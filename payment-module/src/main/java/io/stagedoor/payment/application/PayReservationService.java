package io.stagedoor.payment.application;

import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.payment.api.IdempotencyKeyReusedException;
import io.stagedoor.payment.api.IdempotencyRequestInProgressException;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentForAnotherConcertException;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.ReplayedRefusalException;
import io.stagedoor.payment.api.ReservationPaidConcurrentlyException;
import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.application.port.out.PaymentRecords;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.IdempotencyPolicy;
import io.stagedoor.payment.domain.IdempotencyRecord;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.PaymentRequest;
import io.stagedoor.payment.domain.RequestFingerprint;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponse;
import reactor.core.publisher.Mono;

/**
 * Seed flow 8. Outside the transaction: claim the Idempotency-Key (if any), load the caller's reservation and check it
 * is for the concert the token admits to. Inside ONE transaction: confirm the reservation (seat sold), debit the
 * balance (PAYMENT ledger entry "payment:&lt;id&gt;"), record the payment (unique per reservation) and its history, and
 * store the key's outcome. After the commit: expire the queue token; a failure there is logged, the payment stands.
 *
 * <p>Errors of the other modules pass through untouched. A refusal the policy stores (403/404/409/422) is written
 * under the key after the rollback, so a retry replays it; anything else releases the key, so a retry executes.
 */
public final class PayReservationService implements PayReservationUseCase {

    private static final Log log = LogFactory.getLog(PayReservationService.class);
    static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration EXPIRE_TOKEN_TIMEOUT = Duration.ofSeconds(2);

    private final LoadReservationQuery reservations;
    private final ConfirmReservationUseCase confirmation;
    private final DebitBalanceUseCase balances;
    private final ExpireTokenUseCase tokens;
    private final PaymentRecords records;
    private final IdempotencyKeys keys;
    private final TransactionalOperator transaction;
    private final IdempotencyPolicy policy;
    private final RequestFingerprints fingerprints;
    private final Clock clock;
    private final int maxPolls;

    public PayReservationService(LoadReservationQuery reservations, ConfirmReservationUseCase confirmation,
                                 DebitBalanceUseCase balances, ExpireTokenUseCase tokens, PaymentRecords records,
                                 IdempotencyKeys keys, TransactionalOperator transaction, IdempotencyPolicy policy,
                                 RequestFingerprints fingerprints, Clock clock, Duration inProgressWait) {
        this.reservations = Objects.requireNonNull(reservations);
        this.confirmation = Objects.requireNonNull(confirmation);
        this.balances = Objects.requireNonNull(balances);
        this.tokens = Objects.requireNonNull(tokens);
        this.records = Objects.requireNonNull(records);
        this.keys = Objects.requireNonNull(keys);
        this.transaction = Objects.requireNonNull(transaction);
        this.policy = Objects.requireNonNull(policy);
        this.fingerprints = Objects.requireNonNull(fingerprints);
        this.clock = Objects.requireNonNull(clock);
        if (inProgressWait.isNegative()) {
            throw new IllegalArgumentException("the in-progress wait may not be negative");
        }
        this.maxPolls = (int) Math.max(0, inProgressWait.toMillis() / POLL_INTERVAL.toMillis());
    }

    @Override
    public Mono<PaymentReceipt> pay(PayCommand command) {
        return Mono.defer(() -> {
            if (command.idempotencyKey() == null) {
                return execute(command, paid -> Mono.empty());
            }
            IdempotencyKey key = IdempotencyKey.of(command.idempotencyKey());
            RequestFingerprint fingerprint = fingerprints.of(new PaymentRequest(command.reservationId()));
            return claimOrFollow(command, key, fingerprint, maxPolls);
        });
    }

    /** Claim the key and execute, or follow whoever stored it first (replay, refuse, wait or take over). */
    private Mono<PaymentReceipt> claimOrFollow(PayCommand command, IdempotencyKey key, RequestFingerprint fingerprint, int pollsLeft) {
        return keys.claim(command.userId(), key, fingerprint, clock.instant()).flatMap(claim -> {
            if (claim instanceof IdempotencyKeys.Claim.Owned owned) {
                return executeOwning(command, key, fingerprint, owned.attempt(), pollsLeft);
            }
            return follow(command, key, fingerprint, ((IdempotencyKeys.Claim.Taken) claim).record(), pollsLeft);
        });
    }

    private Mono<PaymentReceipt> follow(PayCommand command, IdempotencyKey key, RequestFingerprint fingerprint,
                                        IdempotencyRecord stored, int pollsLeft) {
        switch (policy.decide(stored, fingerprint, clock.instant())) {
            case REPLAY:
                return replay(stored.outcome());
            case REFUSE_KEY_REUSED:
                return Mono.error(new IdempotencyKeyReusedException(key.value()));
            case WAIT:
                if (pollsLeft <= 0) {
                    return Mono.error(new IdempotencyRequestInProgressException(key.value()));
                }
                return Mono.delay(POLL_INTERVAL).then(Mono.defer(() -> claimOrFollow(command, key, fingerprint, pollsLeft - 1)));
            case TAKE_OVER:
            default:
                log.warn("Taking over the stale claim of Idempotency-Key '" + key + "' of user " + command.userId()
                        + " (attempt " + stored.attempt() + " never finished)");
                return keys.takeOver(command.userId(), key, stored.attempt(), clock.instant())
                        .flatMap(attempt -> executeOwning(command, key, fingerprint, attempt, pollsLeft))
                        .switchIfEmpty(Mono.defer(() -> pollsLeft <= 0
                                ? Mono.error(new IdempotencyRequestInProgressException(key.value()))
                                : claimOrFollow(command, key, fingerprint, pollsLeft - 1)));
        }
    }

    /** Executes as the owner of the key's claim; settles the claim whatever happens. */
    private Mono<PaymentReceipt> executeOwning(PayCommand command, IdempotencyKey key, RequestFingerprint fingerprint,
                                               int attempt, int pollsLeft) {
        long userId = command.userId();
        return execute(command, paid -> keys.complete(userId, key, attempt, paid, clock.instant())
                        .flatMap(stored -> stored ? Mono.<Void>empty() : Mono.error(new ClaimLostException())))
                .onErrorResume(error -> {
                    if (error instanceof ClaimLostException) {
                        // someone took our claim over while we ran (we were slower than the claim timeout): everything
                        // we did rolled back; answer with whatever the new owner ends with
                        return claimOrFollow(command, key, fingerprint, pollsLeft);
                    }
                    return settleFailure(userId, key, attempt, error);
                })
                .doOnCancel(() -> keys.release(userId, key, attempt)
                        .subscribe(null, failure -> log.warn("Could not release Idempotency-Key '" + key + "' after a cancelled payment: " + failure)));
    }

    /** Stores a definitive refusal for replay, or releases the key so a retry executes; then fails with the original error. */
    private Mono<PaymentReceipt> settleFailure(long userId, IdempotencyKey key, int attempt, Throwable error) {
        Mono<?> settle;
        if (error instanceof ErrorResponse problem && policy.storesRefusal(problem.getStatusCode().value())) {
            settle = keys.complete(userId, key, attempt, refusalOf(problem), clock.instant());
        } else {
            settle = keys.release(userId, key, attempt);
        }
        return settle
                .onErrorResume(failure -> {
                    log.warn("Could not settle Idempotency-Key '" + key + "' of user " + userId + " after a failed payment: " + failure);
                    return Mono.empty();
                })
                .then(Mono.error(error));
    }

    private Mono<PaymentReceipt> execute(PayCommand command, Function<PaymentOutcome.Paid, Mono<Void>> storeOutcome) {
        long userId = command.userId();
        long reservationId = command.reservationId();
        return reservations.load(reservationId, userId)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("LoadReservationQuery emitted nothing for reservation " + reservationId)))
                .flatMap(reservation -> {
                    if (reservation.concertId() != command.concertId()) {
                        return Mono.error(new PaymentForAnotherConcertException(reservationId, reservation.concertId(), command.concertId()));
                    }
                    return transaction.transactional(payInOneTransaction(userId, reservationId, storeOutcome));
                })
                .flatMap(paid -> expireToken(command.token(), paid.payment()).thenReturn(receiptOf(paid)));
    }

    /** Everything that must commit together, or not at all. */
    private Mono<PaymentOutcome.Paid> payInOneTransaction(long userId, long reservationId,
                                                         Function<PaymentOutcome.Paid, Mono<Void>> storeOutcome) {
        return confirmation.confirm(reservationId, userId)
                .flatMap(confirmed -> records.nextPaymentId()
                        .flatMap(paymentId -> debit(userId, confirmed, paymentId)
                                .flatMap(balanceAfter -> {
                                    Payment payment = Payment.completed(paymentId, reservationId, userId, confirmed.price(),
                                            clock.instant().truncatedTo(ChronoUnit.MILLIS));
                                    PaymentOutcome.Paid paid = new PaymentOutcome.Paid(payment, balanceAfter);
                                    return records.record(payment)
                                            .flatMap(recorded -> recorded
                                                    ? records.append(payment.completedEvent())
                                                    : Mono.error(new ReservationPaidConcurrentlyException(reservationId)))
                                            .then(Mono.defer(() -> storeOutcome.apply(paid)))
                                            .thenReturn(paid);
                                })));
    }

    private Mono<Long> debit(long userId, ReservationView confirmed, long paymentId) {
        return balances.debit(new BalanceMovement(userId, confirmed.price(), Payment.ledgerReference(paymentId)))
                .map(change -> change.balanceAfter());
    }

    /** After the commit: end the token's session. The payment stands whatever happens here; the token then just runs out. */
    private Mono<Void> expireToken(String token, Payment payment) {
        return Mono.defer(() -> tokens.expire(token))
                .timeout(EXPIRE_TOKEN_TIMEOUT)
                .onErrorResume(failure -> {
                    log.warn("Payment " + payment.id() + " is committed, but expiring its queue token failed; the token will run out by itself: " + failure);
                    return Mono.empty();
                });
    }

    private static Mono<PaymentReceipt> replay(PaymentOutcome outcome) {
        if (outcome instanceof PaymentOutcome.Paid paid) {
            return Mono.just(receiptOf(paid));
        }
        PaymentOutcome.Refused refused = (PaymentOutcome.Refused) outcome;
        return Mono.error(new ReplayedRefusalException(refused.status(), refused.code(), refused.title(), refused.detail(),
                refused.properties()));
    }

    static PaymentReceipt receiptOf(PaymentOutcome.Paid paid) {
        Payment payment = paid.payment();
        return new PaymentReceipt(payment.id(), payment.reservationId(), payment.userId(), payment.amount(),
                payment.status().name(), payment.paidAt(), paid.balanceAfter());
    }

    static PaymentOutcome.Refused refusalOf(ErrorResponse problem) {
        ProblemDetail body = problem.getBody();
        Map<String, Object> properties = new LinkedHashMap<>();
        if (body.getProperties() != null) {
            body.getProperties().forEach((name, value) -> {
                if (value != null) {
                    properties.put(name, value);
                }
            });
        }
        Object code = properties.remove("code");
        return new PaymentOutcome.Refused(problem.getStatusCode().value(), code == null ? "REQUEST_FAILED" : code.toString(),
                body.getTitle(), body.getDetail(), properties);
    }

    /** Our claim was taken over by another request while we executed; our transaction rolled back. */
    private static final class ClaimLostException extends RuntimeException {
        ClaimLostException() {
            super("Idempotency claim taken over", null, false, false);
        }
    }
}
