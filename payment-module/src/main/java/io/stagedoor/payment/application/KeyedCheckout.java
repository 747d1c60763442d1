package io.stagedoor.payment.application;

import io.stagedoor.common.problem.StagedoorProblem;
import io.stagedoor.payment.api.IdempotencyKeyReusedException;
import io.stagedoor.payment.api.IdempotencyRequestInProgressException;
import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.application.port.out.PaymentTransactions;
import io.stagedoor.payment.domain.IdempotencyPolicy;
import io.stagedoor.payment.domain.IdempotencyRecord;
import io.stagedoor.payment.domain.PaymentOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A payment with an Idempotency-Key: the key is claimed inside the payment's own transaction, so this code never
 * commits an IN_PROGRESS key. A concurrent duplicate waits on the key's unique index until the owner commits (it then
 * replays the stored outcome) or rolls back (it then owns the key and pays).
 *
 * <p>Each attempt is one transaction that ends in a {@link Step}. Most requests need one. Another look is needed when
 * the key holds a committed IN_PROGRESS claim that is still young (the schema allows such rows: a version of the app
 * that committed its claim on its own wrote them; waiting inside a transaction would hold a connection, so the attempt
 * ends and the next one starts after {@link #LOOK_AGAIN_AFTER}) or when a stored key vanished between two statements
 * (purged, or released). The attempts are bounded by the in-progress wait; past it the answer is 409
 * IDEMPOTENCY_REQUEST_IN_PROGRESS.
 *
 * <p>A refusal the policy stores (403/409/422) is written under the key after the rollback, in its own statement, so a
 * retry replays it; anything else leaves no key behind (the rollback took the claim with it), so a retry executes.
 */
final class KeyedCheckout {

    private static final Log log = LogFactory.getLog(KeyedCheckout.class);
    static final Duration LOOK_AGAIN_AFTER = Duration.ofMillis(50);
    /** No key taken over: attempts start at 1. */
    private static final int FRESH_CLAIM = 0;

    /** How one attempt's transaction ended. */
    private sealed interface Step {
    }

    /** Paid and committed (with the key's outcome). */
    private record Paid(PaymentOutcome outcome) implements Step {
    }

    /** The key holds a completed answer to this very request. */
    private record Replay(PaymentOutcome stored) implements Step {
    }

    /** The key is bound to another request. */
    private record KeyReused() implements Step {
    }

    /** Nothing decided yet: look again after a pause. */
    private record LookAgain() implements Step {
    }

    /** Refused (or failed) while this attempt owned the key's claim; the transaction rolls back. */
    private record Refused(Throwable error, int takenOverAttempt) implements Step {
    }

    private final CheckoutTransaction checkouts;
    private final IdempotencyKeys keys;
    private final IdempotencyPolicy policy;
    private final PaymentTransactions transactions;
    private final Clock clock;
    private final int lookups;

    KeyedCheckout(CheckoutTransaction checkouts, IdempotencyKeys keys, IdempotencyPolicy policy,
                  PaymentTransactions transactions, Clock clock, Duration inProgressWait) {
        this.checkouts = Objects.requireNonNull(checkouts);
        this.keys = Objects.requireNonNull(keys);
        this.policy = Objects.requireNonNull(policy);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        if (inProgressWait.isNegative()) {
            throw new IllegalArgumentException("the in-progress wait may not be negative");
        }
        this.lookups = 1 + (int) (inProgressWait.toMillis() / LOOK_AGAIN_AFTER.toMillis());
    }

    /** Pays {@code checkout} in transactions of {@code kind}. */
    Mono<Settled> pay(Checkout checkout, PaymentTransactions.Kind kind) {
        return Flux.range(0, lookups)
                .concatMap(lookup -> pause(lookup).then(Mono.defer(() -> attempt(checkout, kind))), 1)
                .next()
                .switchIfEmpty(Mono.error(() -> new IdempotencyRequestInProgressException(checkout.key().value())));
    }

    private static Mono<Long> pause(int lookup) {
        return lookup == 0 ? Mono.empty() : Mono.delay(LOOK_AGAIN_AFTER);
    }

    /** One transaction, then what it means for the client; empty when another look is needed. */
    private Mono<Settled> attempt(Checkout checkout, PaymentTransactions.Kind kind) {
        return transactions.inTransaction(kind, Mono.defer(() -> claimAndPay(checkout)), step -> step instanceof Refused)
                .flatMap(step -> answer(checkout, step));
    }

    private Mono<Settled> answer(Checkout checkout, Step step) {
        if (step instanceof Paid paid) {
            return Mono.just(Settled.paidNow(paid.outcome()));
        }
        if (step instanceof Replay replay) {
            return Mono.just(Settled.replay(replay.stored()));
        }
        if (step instanceof KeyReused) {
            return Mono.error(new IdempotencyKeyReusedException(checkout.key().value()));
        }
        if (step instanceof Refused refused) {
            return storeRefusal(checkout, refused).then(Mono.error(refused.error()));
        }
        return Mono.empty(); // LookAgain
    }

    /** Inside the transaction: claim and pay, or decide what to do about the key someone else stored. */
    private Mono<Step> claimAndPay(Checkout checkout) {
        return keys.claim(checkout.userId(), checkout.key(), checkout.fingerprint(), clock.instant())
                .flatMap(claim -> payOwning(checkout, claim, FRESH_CLAIM))
                // the key is stored and its owner's transaction has ended: this statement sees its outcome
                .switchIfEmpty(Mono.defer(() -> keys.find(checkout.userId(), checkout.key())
                        .flatMap(stored -> follow(checkout, stored))
                        .defaultIfEmpty(new LookAgain())));
    }

    private Mono<Step> follow(Checkout checkout, IdempotencyRecord stored) {
        return switch (policy.decide(stored, checkout.fingerprint(), clock.instant())) {
            case REPLAY -> Mono.just(new Replay(stored.outcome()));
            case REFUSE_KEY_REUSED -> Mono.just(new KeyReused());
            case WAIT -> Mono.just(new LookAgain());
            // the key is the client's secret: it never goes into a log line
            case TAKE_OVER -> RequestLog.<Void>warn(log, "Taking over the stale claim of an Idempotency-Key of user "
                            + checkout.userId() + " (attempt " + stored.attempt() + " never finished)")
                    .then(keys.takeOver(checkout.userId(), checkout.key(), stored.attempt(), clock.instant()))
                    .flatMap(claim -> payOwning(checkout, claim, stored.attempt()))
                    .defaultIfEmpty(new LookAgain());
        };
    }

    /** As the owner of the key's claim: pay; a refusal becomes a value, which rolls the transaction back. */
    private Mono<Step> payOwning(Checkout checkout, IdempotencyKeys.Claim claim, int takenOverAttempt) {
        return checkouts.pay(checkout, claim)
                .<Step>map(Paid::new)
                .onErrorResume(error -> Mono.just(new Refused(error, takenOverAttempt)));
    }

    /** After the rollback: stores a definitive refusal for replay; nothing else is stored. */
    private Mono<Void> storeRefusal(Checkout checkout, Refused refused) {
        if (!(refused.error() instanceof StagedoorProblem problem) || !policy.storesRefusal(problem.kind().status())) {
            return Mono.empty();
        }
        return keys.storeRefusal(checkout.userId(), checkout.key(), checkout.fingerprint(), refused.takenOverAttempt(),
                        refusalOf(problem), clock.instant())
                .then()
                .onErrorResume(storeFailure -> RequestLog.warn(log, "Could not store the refusal under an Idempotency-Key of user "
                        + checkout.userId() + ": " + storeFailure));
    }

    static PaymentOutcome.Refused refusalOf(StagedoorProblem problem) {
        return new PaymentOutcome.Refused(problem.kind().status(), problem.code(), problem.title(), problem.detail(),
                new LinkedHashMap<>(problem.properties()));
    }
}
