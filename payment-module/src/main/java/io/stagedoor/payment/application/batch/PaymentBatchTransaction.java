package io.stagedoor.payment.application.batch;

import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.ConfirmedSale;
import io.stagedoor.concert.api.FanOfConcert;
import io.stagedoor.concert.api.ReservationOfUser;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.payment.api.PaymentReports;
import io.stagedoor.payment.application.RequestLog;
import io.stagedoor.payment.application.port.out.PaymentBatches;
import io.stagedoor.payment.application.port.out.PaymentTransactions;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Pays a batch of requests (at most one per user and per reservation) in ONE PostgreSQL transaction of set-based
 * statements, each module's statement in its own module and schema:
 *
 * <ol>
 *   <li>BEGIN; in one statement (payment): claim every key, then mark the claimed and keyless requests' admissions
 *       used, and reserve their payment ids — a request whose key is stored leaves, and so does one whose token
 *       another payment used first;</li>
 *   <li>in one statement (concert): take every payer's fan lock for the token's concert (in key order, as holds take
 *       them), confirm every reservation (seat rows locked first, in seat order), and count each payer's tickets
 *       against the concert's ticket limit as it stands now — a refused reservation leaves, and so does one for
 *       another concert than its token's, and a payer past the limit (the single path answers 409
 *       TICKET_LIMIT_REACHED);</li>
 *   <li>debit every payer (account; balance rows locked second, in user order) — a refused one leaves;</li>
 *   <li>undo the confirmations of requests that left after confirming (concert), in this same transaction, so nobody
 *       ever sees them;</li>
 *   <li>one statement: payments, history events, the keys' COMPLETED outcomes, and the claims and admissions of the
 *       leavers given back (payment); COMMIT.</li>
 * </ol>
 *
 * <p>Emits the committed payments by user. Everyone else — and everyone, if the transaction fails as a whole (deadlock,
 * a constraint, an outage, a bug) — leaves the batch for the single path, which then gives exactly today's answer and
 * stores today's refusals. The single path runs only after this transaction ended, so a leaver never waits for its own
 * batch's locks.
 */
final class PaymentBatchTransaction {

    private static final Log log = LogFactory.getLog(PaymentBatchTransaction.class);

    private final ConfirmReservationsUseCase confirmations;
    private final DebitBalancesUseCase debits;
    private final PaymentBatches batches;
    private final PaymentTransactions transactions;
    private final Clock clock;
    private final PaymentReports reports;

    PaymentBatchTransaction(ConfirmReservationsUseCase confirmations, DebitBalancesUseCase debits,
                            PaymentBatches batches, PaymentTransactions transactions, Clock clock, PaymentReports reports) {
        this.confirmations = Objects.requireNonNull(confirmations);
        this.debits = Objects.requireNonNull(debits);
        this.batches = Objects.requireNonNull(batches);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        this.reports = Objects.requireNonNull(reports);
    }

    /** The committed payments by user id; never fails (a failed batch pays nobody). */
    Mono<Map<Long, PaymentOutcome.Paid>> pay(List<PendingPayment> batch) {
        return transactions.inTransaction(PaymentTransactions.Kind.BATCH, Mono.defer(() -> open(batch)))
                .onErrorResume(failure -> {
                    reports.batchRolledBack(batch.size());
                    return RequestLog.<Map<Long, PaymentOutcome.Paid>>warn(log, "A batch of " + batch.size()
                                    + " payments rolled back; each runs on its own now: " + failure)
                            .defaultIfEmpty(Map.of());
                });
    }

    /**
     * One statement claims every key and then, for the claimed and keyless requests, marks every token's admission
     * used, before any fan or seat is locked (the single path's order too, so the two never wait for each other in a
     * circle). A request whose key is stored leaves; so does one whose token another payment used first (the single
     * path answers 401). A batch has one request per user, so no token twice.
     */
    private Mono<Map<Long, PaymentOutcome.Paid>> open(List<PendingPayment> batch) {
        List<PaymentBatches.Opening> openings = batch.stream()
                .map(request -> new PaymentBatches.Opening(request.userId(), request.key(), request.fingerprint(),
                        request.admission()))
                .toList();
        return batches.openAll(openings, clock.instant()).flatMap(opened -> {
            List<Claimed> claimed = new ArrayList<>();
            List<Claimed> admitted = new ArrayList<>();
            for (PendingPayment request : batch) {
                PaymentBatches.Opened opening = opened.get(request.userId());
                if (opening == null) {
                    continue; // its key is stored: the single path replays or refuses
                }
                Claimed c = new Claimed(request, opening.paymentId());
                claimed.add(c);
                if (opening.admitted()) {
                    admitted.add(c);
                }
            }
            if (claimed.isEmpty()) {
                return Mono.just(Map.<Long, PaymentOutcome.Paid>of());
            }
            return admitted.isEmpty() ? debit(claimed, admitted, List.of(), List.of()) : confirm(claimed, admitted);
        });
    }

    private Mono<Map<Long, PaymentOutcome.Paid>> confirm(List<Claimed> claimed, List<Claimed> admitted) {
        List<ReservationOfUser> wanted = admitted.stream()
                .map(c -> new ReservationOfUser(c.request().command().reservationId(), c.request().command().userId()))
                .toList();
        List<FanOfConcert> fans = admitted.stream().map(PaymentBatchTransaction::fan).toList();
        return confirmations.confirmAllWithinTicketLimits(fans, wanted).flatMap(sales -> {
            Map<Long, ConfirmedSale> confirmedByUser = new HashMap<>();
            sales.forEach(sale -> confirmedByUser.put(sale.reservation().userId().value(), sale));
            List<Confirmed> payable = new ArrayList<>();
            List<ReservationId> undo = new ArrayList<>();
            for (Claimed c : admitted) {
                ConfirmedSale sale = confirmedByUser.get(c.request().userId());
                if (sale == null || !sale.reservation().reservationId().equals(c.request().command().reservationId())) {
                    continue; // refused: not theirs, expired, paid — the single path tells which
                }
                ReservationView view = sale.reservation();
                if (!view.concertId().equals(c.request().command().concertId())) {
                    undo.add(view.reservationId()); // the single path answers 403 QUEUE_WRONG_CONCERT
                } else if (sale.pastTicketLimit()) {
                    undo.add(view.reservationId()); // the single path answers 409 TICKET_LIMIT_REACHED
                } else {
                    payable.add(new Confirmed(c, view));
                }
            }
            return debit(claimed, admitted, payable, undo);
        });
    }

    private static FanOfConcert fan(Claimed claimed) {
        return new FanOfConcert(claimed.request().command().userId(), claimed.request().command().concertId());
    }

    private Mono<Map<Long, PaymentOutcome.Paid>> debit(List<Claimed> claimed, List<Claimed> admitted,
                                                       List<Confirmed> payable, List<ReservationId> undo) {
        List<BalanceMovement> movements = payable.stream()
                .map(c -> new BalanceMovement(c.claimed().request().command().userId(), c.view().price(),
                        Payment.ledgerReference(c.claimed().paymentId())))
                .toList();
        return debits.debitAll(movements).flatMap(changes -> {
            Map<Long, Long> balanceAfter = new HashMap<>();
            for (BalanceChange change : changes) {
                balanceAfter.put(change.userId().value(), change.balanceAfter().value());
            }
            Instant paidAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Map<Long, PaymentOutcome.Paid> paid = new HashMap<>();
            List<PaymentBatches.Recorded> recorded = new ArrayList<>();
            List<ReservationId> undoAll = new ArrayList<>(undo);
            for (Confirmed c : payable) {
                PendingPayment request = c.claimed().request();
                Long after = balanceAfter.get(request.userId());
                if (after == null) {
                    undoAll.add(c.view().reservationId()); // too little balance: the single path answers 409
                    continue;
                }
                Payment payment = Payment.completed(c.claimed().paymentId(), c.view().reservationId().value(),
                        request.userId(), c.view().price().value(), paidAt);
                PaymentOutcome.Paid outcome = new PaymentOutcome.Paid(payment, after);
                paid.put(request.userId(), outcome);
                recorded.add(new PaymentBatches.Recorded(outcome, request.key()));
            }
            List<PaymentBatches.Released> released = claimed.stream()
                    .filter(c -> c.request().key() != null && !paid.containsKey(c.request().userId()))
                    .map(c -> new PaymentBatches.Released(c.request().userId(), c.request().key()))
                    .toList();
            // admissions this batch marked used (never another's) for requests it did not pay, given back in the
            // recording statement: the single path marks them again
            List<String> unusedAdmissions = admitted.stream()
                    .filter(c -> !paid.containsKey(c.request().userId()))
                    .map(c -> c.request().admission())
                    .toList();
            return undo(undoAll)
                    .then(batches.recordAll(recorded, released, unusedAdmissions))
                    .thenReturn(paid);
        });
    }

    private Mono<Void> undo(List<ReservationId> reservationIds) {
        return confirmations.undoConfirmations(reservationIds)
                .flatMap(undone -> undone == reservationIds.size()
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("undid " + undone + " of " + reservationIds.size()
                                + " confirmations of this batch; it rolls back")));
    }

    private record Claimed(PendingPayment request, long paymentId) {
    }

    private record Confirmed(Claimed claimed, ReservationView view) {
    }
}
