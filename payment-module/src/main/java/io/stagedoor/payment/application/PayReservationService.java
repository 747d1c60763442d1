package io.stagedoor.payment.application;

import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.ReservationAlreadyPaidException;
import io.stagedoor.concert.api.ReservationExpiredException;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.payment.api.AdmissionAlreadyPaidException;
import io.stagedoor.payment.api.IdempotencyKeyReusedException;
import io.stagedoor.payment.api.IdempotencyRequestInProgressException;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentForAnotherConcertException;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.ReplayedRefusalException;
import io.stagedoor.payment.api.ReservationPaidConcurrentlyException;
import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.application.port.out.PaidAdmissions;
import io.stagedoor.payment.application.port.out.PaymentRecords;
import io.stagedoor.payment.application.port.out.PaymentReports;
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
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponse;
import reactor.core.publisher.Mono;

/**
 * Seed flow 8, in ONE PostgreSQL transaction and about six round trips:
 *
 * <ol>
 *   <li>BEGIN;</li>
 *   <li>with an Idempotency-Key: claim it ({@code INSERT ... ON CONFLICT DO NOTHING}) and reserve the payment id in the
 *       same statement; without one: reserve the payment id;</li>
 *   <li>mark the queue token's admission used (one admission pays once; a concurrent payment with it waits, then
 *       pays nothing);</li>
 *   <li>confirm the reservation (seat sold) — it must be for the concert the token admits to;</li>
 *   <li>debit the balance (PAYMENT ledger entry "payment:&lt;id&gt;");</li>
 *   <li>one statement: the payment (unique per reservation), its history event and the key's COMPLETED outcome;</li>
 *   <li>COMMIT; then expire the queue token (a failure there is logged, the payment stands).</li>
 * </ol>
 *
 * <p>Because the claim is part of the payment's transaction, this code never commits an IN_PROGRESS key: a concurrent
 * duplicate waits on the key's unique index until the owner commits (it then replays the stored outcome) or rolls
 * back (it then owns the key and executes). Committed IN_PROGRESS rows come only from an older version of the app
 * (which committed its claim first) or one that died; they are still waited on or taken over per
 * {@link IdempotencyPolicy}.
 *
 * <p>Errors of the other modules pass through untouched. A refusal the policy stores (403/404/409/422) is written
 * under the key after the rollback, in its own statement, so a retry replays it; anything else leaves no key behind
 * (the rollback took the claim with it), so a retry executes.
 */
public final class PayReservationService implements PayReservationUseCase {

    private static final Log log = LogFactory.getLog(PayReservationService.class);
    static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    /** No key taken over: attempts start at 1. */
    private static final int FRESH_CLAIM = 0;

    private final LoadReservationQuery reservations;
    private final ConfirmReservationUseCase confirmation;
    private final DebitBalanceUseCase balances;
    private final PaidAnswer paidAnswer;
    private final PaymentReports reports;
    private final PaymentRecords records;
    private final PaidAdmissions admissions;
    private final IdempotencyKeys keys;
    private final TransactionalOperator transaction;
    private final IdempotencyPolicy policy;
    private final RequestFingerprints fingerprints;
    private final Clock clock;
    private final int maxPolls;

    public PayReservationService(LoadReservationQuery reservations, ConfirmReservationUseCase confirmation,
                                 DebitBalanceUseCase balances, ExpireTokenUseCase tokens, PaymentRecords records,
                                 PaidAdmissions admissions, IdempotencyKeys keys, TransactionalOperator transaction,
                                 IdempotencyPolicy policy, RequestFingerprints fingerprints, Clock clock,
                                 Duration inProgressWait) {
        this(reservations, confirmation, balances, tokens, records, admissions, keys, transaction, policy, fingerprints,
                clock, inProgressWait, PaymentReports.NONE);
    }

    /** As above, telling {@code reports} of every committed payment and every replayed answer. */
    public PayReservationService(LoadReservationQuery reservations, ConfirmReservationUseCase confirmation,
                                 DebitBalanceUseCase balances, ExpireTokenUseCase tokens, PaymentRecords records,
                                 PaidAdmissions admissions, IdempotencyKeys keys, TransactionalOperator transaction,
                                 IdempotencyPolicy policy, RequestFingerprints fingerprints, Clock clock,
                                 Duration inProgressWait, PaymentReports reports) {
        this.reservations = Objects.requireNonNull(reservations);
        this.confirmation = Objects.requireNonNull(confirmation);
        this.balances = Objects.requireNonNull(balances);
        this.reports = Objects.requireNonNull(reports);
        this.paidAnswer = new PaidAnswer(tokens, reports);
        this.records = Objects.requireNonNull(records);
        this.admissions = Objects.requireNonNull(admissions);
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
                return transaction.transactional(Mono.defer(() -> records.nextPaymentId()
                                .flatMap(paymentId -> payInTransaction(command, paymentId, null, FRESH_CLAIM))))
                        .flatMap(paid -> paid(command, paid));
            }
            IdempotencyKey key = IdempotencyKey.of(command.idempotencyKey());
            RequestFingerprint fingerprint = fingerprints.of(new PaymentRequest(command.reservationId()));
            return payWithKey(new Keyed(command, key, fingerprint), maxPolls);
        });
    }

    /** One payment transaction that claims the key (or follows whoever stored it), then answers after it ended. */
    private Mono<PaymentReceipt> payWithKey(Keyed request, int pollsLeft) {
        return transaction.transactional(Mono.defer(() -> claimAndPay(request)))
                .onErrorResume(OwnedFailure.class, failure -> settleFailure(request, failure))
                .flatMap(step -> answer(request, step, pollsLeft));
    }

    /** Inside the transaction: claim and pay, or decide what to do about the key someone else stored. */
    private Mono<Step> claimAndPay(Keyed request) {
        long userId = request.command().userId();
        return keys.claim(userId, request.key(), request.fingerprint(), clock.instant())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(claim -> claim.isPresent()
                        ? payOwning(request, claim.get(), FRESH_CLAIM)
                        // the key is stored and its owner's transaction has ended: this statement sees its outcome
                        : keys.find(userId, request.key())
                                .flatMap(stored -> followInside(request, stored))
                                // stored, then released (by an older version) or purged between the two statements
                                .defaultIfEmpty(Step.RETRY));
    }

    private Mono<Step> followInside(Keyed request, IdempotencyRecord stored) {
        switch (policy.decide(stored, request.fingerprint(), clock.instant())) {
            case REPLAY:
                return Mono.just(Step.replay(stored.outcome()));
            case REFUSE_KEY_REUSED:
                return Mono.just(Step.KEY_REUSED);
            case WAIT:
                // a committed IN_PROGRESS row: an older version's claim still running; never wait inside a transaction
                return Mono.just(Step.WAIT);
            case TAKE_OVER:
            default:
                // the key is the client's secret: it never goes into a log line
                return RequestLog.<Void>warn(log, "Taking over the stale claim of an Idempotency-Key of user "
                                + request.command().userId() + " (attempt " + stored.attempt() + " never finished)")
                        .then(keys.takeOver(request.command().userId(), request.key(), stored.attempt(), clock.instant()))
                        .flatMap(claim -> payOwning(request, claim, stored.attempt()))
                        .defaultIfEmpty(Step.RETRY);
        }
    }

    /** As the owner of the key's claim: pay; a failure carries what the settlement after the rollback needs. */
    private Mono<Step> payOwning(Keyed request, IdempotencyKeys.Claim claim, int takenOverAttempt) {
        return payInTransaction(request.command(), claim.paymentId(), request.key(), claim.attempt())
                .map(Step::paid)
                .onErrorMap(error -> new OwnedFailure(error, takenOverAttempt));
    }

    /** After the transaction ended: the answer to the client, or another look at the key. */
    private Mono<PaymentReceipt> answer(Keyed request, Step step, int pollsLeft) {
        switch (step.kind()) {
            case PAID:
                return paid(request.command(), (PaymentOutcome.Paid) step.outcome());
            case REPLAY:
                return replay(step.outcome());
            case KEY_REUSED:
                return Mono.error(new IdempotencyKeyReusedException(request.key().value()));
            case WAIT:
                return waitFor(request, pollsLeft);
            case RETRY:
            default:
                return pollsLeft <= 0
                        ? Mono.error(new IdempotencyRequestInProgressException(request.key().value()))
                        : payWithKey(request, pollsLeft - 1);
        }
    }

    /** Polls a committed IN_PROGRESS key (outside any transaction) until it completes, disappears or goes stale. */
    private Mono<PaymentReceipt> waitFor(Keyed request, int pollsLeft) {
        if (pollsLeft <= 0) {
            return Mono.error(new IdempotencyRequestInProgressException(request.key().value()));
        }
        return Mono.delay(POLL_INTERVAL)
                .then(Mono.defer(() -> keys.find(request.command().userId(), request.key())))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(stored -> {
                    if (stored.isEmpty()) {
                        return payWithKey(request, pollsLeft - 1);
                    }
                    switch (policy.decide(stored.get(), request.fingerprint(), clock.instant())) {
                        case REPLAY:
                            return replay(stored.get().outcome());
                        case REFUSE_KEY_REUSED:
                            return Mono.error(new IdempotencyKeyReusedException(request.key().value()));
                        case WAIT:
                            return waitFor(request, pollsLeft - 1);
                        case TAKE_OVER:
                        default:
                            return payWithKey(request, pollsLeft - 1);
                    }
                });
    }

    /** After a rollback: stores a definitive refusal for replay (nothing else is stored); then fails with the original error. */
    private Mono<Step> settleFailure(Keyed request, OwnedFailure failure) {
        Throwable error = failure.getCause();
        if (!(error instanceof ErrorResponse problem) || !policy.storesRefusal(problem.getStatusCode().value())) {
            return Mono.error(error);
        }
        long userId = request.command().userId();
        return keys.storeRefusal(userId, request.key(), request.fingerprint(), failure.takenOverAttempt, refusalOf(problem),
                        clock.instant())
                .onErrorResume(storeFailure -> RequestLog.warn(log,
                        "Could not store the refusal under an Idempotency-Key of user " + userId + ": " + storeFailure))
                .then(Mono.<Step>error(error));
    }

    /**
     * Everything that must commit together, or not at all: confirmation (seat sold), debit, payment, history and —
     * with a key — the key's COMPLETED outcome. Runs inside the caller's transaction.
     */
    private Mono<PaymentOutcome.Paid> payInTransaction(PayCommand command, long paymentId, IdempotencyKey key, int attempt) {
        long userId = command.userId();
        long reservationId = command.reservationId();
        return useAdmission(command)
                .then(Mono.defer(() -> confirm(command)))
                .flatMap(confirmed -> debit(userId, confirmed, paymentId)
                        .flatMap(balanceAfter -> {
                            Payment payment = Payment.completed(paymentId, reservationId, userId, confirmed.price(),
                                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
                            PaymentOutcome.Paid paid = new PaymentOutcome.Paid(payment, balanceAfter);
                            return records.record(paid, key, attempt).flatMap(recording -> {
                                switch (recording) {
                                    case RECORDED:
                                        return Mono.just(paid);
                                    case RESERVATION_ALREADY_PAID:
                                        return Mono.<PaymentOutcome.Paid>error(new ReservationPaidConcurrentlyException(reservationId));
                                    case KEY_NOT_OWNED:
                                    default:
                                        // cannot happen: this transaction inserted (or took over) the claim and holds its row lock
                                        return Mono.<PaymentOutcome.Paid>error(new IllegalStateException("Attempt " + attempt
                                                + " does not own the Idempotency-Key it claimed for user " + userId));
                                }
                            });
                        }));
    }

    /**
     * One admission pays once: the token is marked used in this transaction, before any seat is locked. A concurrent
     * payment with the same token waits here until this one ends, and then pays nothing (401, like any later call with
     * the token) if this one committed.
     */
    private Mono<Void> useAdmission(PayCommand command) {
        return admissions.use(Admission.of(command.token()), command.userId(), clock.instant())
                .flatMap(fresh -> fresh ? Mono.<Void>empty() : Mono.error(new AdmissionAlreadyPaidException()));
    }

    /**
     * Confirms the caller's reservation, which must be for the concert the token admits to (else 403, and the
     * transaction rolls back). The answer of another concert's reservation is the wrong-concert error even when it is
     * also expired or paid: only on such a refusal is the reservation loaded, to tell which error to raise.
     */
    private Mono<ReservationView> confirm(PayCommand command) {
        long reservationId = command.reservationId();
        return confirmation.confirm(reservationId, command.userId())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("ConfirmReservationUseCase emitted nothing for reservation " + reservationId)))
                .onErrorResume(refusal -> refusal instanceof ReservationExpiredException || refusal instanceof ReservationAlreadyPaidException,
                        refusal -> reservations.load(reservationId, command.userId())
                                .flatMap(reservation -> Mono.<ReservationView>error(reservation.concertId() != command.concertId()
                                        ? new PaymentForAnotherConcertException(reservationId, reservation.concertId(), command.concertId())
                                        : refusal))
                                .switchIfEmpty(Mono.error(refusal)))
                .flatMap(confirmed -> confirmed.concertId() != command.concertId()
                        ? Mono.error(new PaymentForAnotherConcertException(reservationId, confirmed.concertId(), command.concertId()))
                        : Mono.just(confirmed));
    }

    private Mono<Long> debit(long userId, ReservationView confirmed, long paymentId) {
        return balances.debit(new BalanceMovement(userId, confirmed.price(), Payment.ledgerReference(paymentId)))
                .map(change -> change.balanceAfter());
    }

    private Mono<PaymentReceipt> replay(PaymentOutcome outcome) {
        reports.replayed();
        if (outcome instanceof PaymentOutcome.Paid paid) {
            return Mono.just(PaidAnswer.receiptOf(paid));
        }
        PaymentOutcome.Refused refused = (PaymentOutcome.Refused) outcome;
        return Mono.error(new ReplayedRefusalException(refused.status(), refused.code(), refused.title(), refused.detail(),
                refused.properties()));
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

    /** After the commit: the token's session ends, then the receipt. */
    private Mono<PaymentReceipt> paid(PayCommand command, PaymentOutcome.Paid paid) {
        return paidAnswer.of(command, paid);
    }

    /** A payment request that carries an Idempotency-Key. */
    private record Keyed(PayCommand command, IdempotencyKey key, RequestFingerprint fingerprint) {
    }

    /** What the transaction of a keyed request ended with. */
    private record Step(Kind kind, PaymentOutcome outcome) {

        enum Kind { PAID, REPLAY, KEY_REUSED, WAIT, RETRY }

        static final Step KEY_REUSED = new Step(Kind.KEY_REUSED, null);
        static final Step WAIT = new Step(Kind.WAIT, null);
        static final Step RETRY = new Step(Kind.RETRY, null);

        static Step paid(PaymentOutcome.Paid paid) {
            return new Step(Kind.PAID, paid);
        }

        static Step replay(PaymentOutcome outcome) {
            return new Step(Kind.REPLAY, outcome);
        }
    }

    /**
     * A failure while this request owned the key's claim; the transaction rolls back. Carries the attempt that was taken
     * over ({@link #FRESH_CLAIM} for a new claim), so a stored refusal completes the right row.
     */
    private static final class OwnedFailure extends RuntimeException {
        private final int takenOverAttempt;

        OwnedFailure(Throwable cause, int takenOverAttempt) {
            super(cause.getMessage(), cause, false, false);
            this.takenOverAttempt = takenOverAttempt;
        }
    }
}
