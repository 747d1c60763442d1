package io.stagedoor.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.problem.StagedoorProblem;
import io.stagedoor.payment.api.CheckoutCommand;
import io.stagedoor.payment.api.CheckoutReceipt;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.testsupport.Concurrently;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checkouts of several holds against the real concert, account and payment modules on PostgreSQL: all paid in one
 * transaction or none, the one-reservation refusal for any refused hold, and one admission paying once however many
 * checkouts and payments race with it (docs/architecture.md, invariants 3–5).
 */
class CheckoutTest {

    private static final long CONCERT = 1;
    @RegisterExtension
    final RealModulesFixture fixture = new RealModulesFixture();

    /** What a client gets: a status, the problem code (null when paid) and the receipt's reservations. */
    private record Answer(int status, String code, List<Long> reservationIds) {

        static Answer of(Object result) {
            if (result instanceof CheckoutReceipt receipt) {
                return new Answer(201, null, receipt.reservationIds().stream().map(ReservationId::value).toList());
            }
            if (result instanceof PaymentReceipt receipt) {
                return new Answer(201, null, List.of(receipt.reservationId().value()));
            }
            if (!(result instanceof StagedoorProblem problem)) {
                throw new AssertionError("not an answer the client gets", (Throwable) result);
            }
            return new Answer(problem.kind().status(), Objects.requireNonNull(problem.code()), List.of());
        }
    }

    private static List<ReservationId> ids(List<Long> reservations) {
        return reservations.stream().map(ReservationId::of).toList();
    }

    private static Answer checkout(RealModules m, long user, String token, List<Long> reservations, String key) {
        return Answer.of(RealModulesFixture.start(m.single.checkout(new CheckoutCommand(UserId.of(user), ConcertId.of(CONCERT), token,
                ids(reservations), key)))
                .join());
    }

    private static Answer pay(PayReservationUseCase payments, long user, String token, long reservation) {
        return Answer.of(RealModulesFixture.start(payments.pay(new PayCommand(UserId.of(user), ConcertId.of(CONCERT), token, ReservationId.of(reservation), null))).join());
    }

    private static List<Long> reversed(List<Long> ids) {
        List<Long> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    @Test
    void checkoutPaysEveryHoldInOneTransactionWithAPaymentAndALedgerEntryEach() {
        RealModules m = fixture.open();
        long user = m.user(1_000_000);
        long schedule = m.schedule(CONCERT, 50);
        List<Long> holds = List.of(m.hold(user, CONCERT, schedule, 3), m.hold(user, CONCERT, schedule, 1),
                m.hold(user, CONCERT, schedule, 2));

        CheckoutReceipt receipt = m.single.checkout(new CheckoutCommand(UserId.of(user), ConcertId.of(CONCERT), "t", ids(holds), null)).block();

        assertThat(receipt.reservationIds()).containsExactlyElementsOf(ids(holds));
        assertThat(receipt.paymentIds()).hasSize(3).doesNotHaveDuplicates();
        assertThat(receipt.amount().value()).isEqualTo(3 * RealModules.PRICE);
        assertThat(receipt.balance().value()).isEqualTo(1_000_000 - 3 * RealModules.PRICE);
        assertThat(receipt.status().name()).isEqualTo("COMPLETED");
        assertThat(m.count("SELECT count(*) FROM payment.payments WHERE user_id = " + user)).isEqualTo(3);
        assertThat(m.count("SELECT count(*) FROM account.ledger WHERE type = 'PAYMENT' AND user_id = " + user)).isEqualTo(3);
        assertThat(m.count("SELECT count(*) FROM concert.seats WHERE status = 'SOLD'")).isEqualTo(3);
        assertThat(m.expiredTokens).containsExactly("t");
        assertThat(m.balancesNotMatchingTheirLedger()).isZero();
        assertThat(m.saleInconsistencies()).isZero();
    }

    @Test
    void oneRefusedHoldFailsTheWholeCheckoutWithItsOwnRefusalAndPaysNothing() {
        RealModules m = fixture.open();
        long user = m.user(1_000_000);
        long other = m.user(1_000_000);
        long schedule = m.schedule(CONCERT, 50);
        long mine = m.hold(user, CONCERT, schedule, 1);
        long expired = m.hold(user, CONCERT, schedule, 2);
        long someoneElses = m.hold(other, CONCERT, schedule, 3);
        m.expire(expired);

        Answer withExpired = checkout(m, user, "t1", List.of(mine, expired), "k1");
        Answer withSomeoneElses = checkout(m, user, "t2", List.of(mine, someoneElses), "k2");
        Answer withUnknown = checkout(m, user, "t3", List.of(mine, 987_654_321L), null);

        assertThat(withExpired.code()).isEqualTo("RESERVATION_EXPIRED");
        assertThat(withExpired.status()).isEqualTo(409);
        assertThat(withSomeoneElses.code()).isEqualTo("RESERVATION_NOT_FOUND");
        assertThat(withUnknown.code()).isEqualTo("RESERVATION_NOT_FOUND");
        assertThat(m.count("SELECT count(*) FROM payment.payments")).isZero();
        assertThat(m.count("SELECT count(*) FROM concert.seats WHERE status = 'SOLD'")).isZero();
        assertThat(m.count("SELECT count(*) FROM concert.reservations WHERE status = 'HELD' AND id IN (" + mine + ", "
                + someoneElses + ")")).isEqualTo(2);
        assertThat(m.count("SELECT balance FROM account.balances WHERE user_id = " + user)).isEqualTo(1_000_000);
        assertThat(m.count("SELECT count(*) FROM payment.paid_admissions")).as("no admission was used").isZero();
        assertThat(m.count("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'k2'"))
                .as("a reservation not the caller's stores nothing under the key, as for one reservation").isZero();
        assertThat(m.expiredTokens).isEmpty();
        // the admission is still good: the live holds pay
        assertThat(checkout(m, user, "t1", List.of(mine), null).status()).isEqualTo(201);
    }

    @Test
    void tooLittleBalanceForTheWholeCheckoutPaysNone() {
        RealModules m = fixture.open();
        long user = m.user(RealModules.PRICE + 1);
        long schedule = m.schedule(CONCERT, 50);
        List<Long> holds = List.of(m.hold(user, CONCERT, schedule, 1), m.hold(user, CONCERT, schedule, 2));

        Answer refused = checkout(m, user, "t", holds, null);

        assertThat(refused.code()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(m.count("SELECT count(*) FROM payment.payments")).isZero();
        assertThat(m.count("SELECT count(*) FROM concert.seats WHERE status = 'SOLD'")).isZero();
        assertThat(m.count("SELECT balance FROM account.balances WHERE user_id = " + user)).isEqualTo(RealModules.PRICE + 1);
        assertThat(m.balancesNotMatchingTheirLedger()).isZero();
    }

    @Test
    void moreReservationsThanTheTicketLimitAreInvalidAndChangeNothing() {
        RealModules m = fixture.open();
        long user = m.user(10_000_000);
        long schedule = m.schedule(CONCERT, 50);
        List<Long> holds = new ArrayList<>();
        for (int seat = 1; seat <= 4; seat++) {
            holds.add(m.hold(user, CONCERT, schedule, seat));
        }
        holds.add(987_654_321L);

        Answer refused = checkout(m, user, "t", holds, "five");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("INVALID_REQUEST");
        assertThat(m.count("SELECT count(*) FROM payment.payments")).isZero();
        assertThat(m.count("SELECT count(*) FROM payment.idempotency_keys")).isZero();
        assertThat(m.count("SELECT count(*) FROM payment.paid_admissions")).isZero();
    }

    /** A fan who bought one ticket and holds three more of {@link #CONCERT}, whose ticket limit an operator then lowered. */
    private record LoweredLimit(long user, List<Long> holds) {
    }

    private static LoweredLimit oneTicketAndThreeHoldsThenTheLimitLoweredTo(RealModules m, int ticketLimit) {
        long user = m.user(10_000_000);
        long schedule = m.schedule(CONCERT, 50);
        List<Long> holds = new ArrayList<>();
        for (int seat = 1; seat <= 4; seat++) {
            holds.add(m.hold(user, CONCERT, schedule, seat));
        }
        assertThat(pay(m.single, user, "bought-before", holds.get(0)).status()).isEqualTo(201);
        m.database.execute("UPDATE concert.concerts SET tickets_per_fan = " + ticketLimit + " WHERE id = " + CONCERT);
        return new LoweredLimit(user, holds.subList(1, 4));
    }

    @Test
    void aCheckoutPastATicketLimitLoweredAfterTheHoldsIsRefusedAndChangesNothing() {
        RealModules m = fixture.open();
        LoweredLimit fan = oneTicketAndThreeHoldsThenTheLimitLoweredTo(m, 2);
        long balanceBefore = m.count("SELECT balance FROM account.balances WHERE user_id = " + fan.user());

        Answer refused = checkout(m, fan.user(), "t", fan.holds().subList(0, 2), "two-more");
        Answer oneReservationForm = pay(m.single, fan.user(), "t", fan.holds().get(0));
        Answer batchedPayment = pay(m.batched(32, 4), fan.user(), "t-batched", fan.holds().get(1));
        Answer replayed = checkout(m, fan.user(), "t-retry", fan.holds().subList(0, 2), "two-more");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("TICKET_LIMIT_REACHED");
        assertThat(replayed).as("the refusal is stored under its key, like the other 409s").isEqualTo(refused);
        assertThat(batchedPayment).as("at the limit now, a batch judges it too").isEqualTo(new Answer(409, "TICKET_LIMIT_REACHED",
                List.of()));
        assertThat(m.count("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'two-more' AND state = 'COMPLETED'"))
                .isEqualTo(1);
        assertThat(oneReservationForm.status()).as("within the limit, one more pays").isEqualTo(201);
        assertThat(m.count("SELECT count(*) FROM payment.payments WHERE user_id = " + fan.user())).isEqualTo(2);
        assertThat(m.count("SELECT balance FROM account.balances WHERE user_id = " + fan.user()))
                .as("only the payment within the limit was charged").isEqualTo(balanceBefore - RealModules.PRICE);
        assertThat(m.count("SELECT count(*) FROM concert.reservations WHERE status = 'HELD' AND user_id = " + fan.user()))
                .as("the refused holds are still held").isEqualTo(2);
        assertThat(m.count("SELECT count(*) FROM payment.paid_admissions WHERE user_id = " + fan.user()))
                .as("the refused checkout used no admission").isEqualTo(2);
        assertThat(checkout(m, fan.user(), "t-last", List.of(fan.holds().get(2)), null).code())
                .as("at the limit, nothing more pays").isEqualTo("TICKET_LIMIT_REACHED");
        assertThat(m.balancesNotMatchingTheirLedger()).isZero();
        assertThat(m.saleInconsistencies()).isZero();
    }

    /**
     * Every request has an admission of its own, so nothing but the ticket limit's lock and count stands between them:
     * without the lock, checkouts that each count the fan's tickets before the others commit would all pass.
     */
    @Test
    void checkoutsOfOneFanWithSeparateAdmissionsRacingForTheLastAllowedTicketSellExactlyOne() throws Exception {
        RealModules m = fixture.open();
        LoweredLimit fan = oneTicketAndThreeHoldsThenTheLimitLoweredTo(m, 2);
        PayReservationUseCase batched = m.batched(32, 4);

        // checkouts, single payments and batched payments, each with an admission of its own
        List<Answer> answers = Concurrently.run(24, i -> switch (i % 4) {
            case 1 -> pay(m.single, fan.user(), "admission-" + i, fan.holds().get(i % 3));
            case 3 -> pay(batched, fan.user(), "admission-" + i, fan.holds().get(i % 3));
            default -> checkout(m, fan.user(), "admission-" + i, List.of(fan.holds().get(i % 3)), i % 8 == 0 ? null : "race-" + i);
        });

        assertThat(answers.stream().filter(answer -> answer.status() == 201)).as(answers.toString()).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.status() != 201).allSatisfy(answer ->
                assertThat(answer.code()).isIn("TICKET_LIMIT_REACHED", "RESERVATION_ALREADY_PAID"));
        assertThat(m.count("SELECT count(*) FROM concert.reservations WHERE status = 'CONFIRMED' AND user_id = " + fan.user()))
                .isEqualTo(2);
        assertThat(m.count("SELECT balance FROM account.balances WHERE user_id = " + fan.user()))
                .isEqualTo(10_000_000 - 2 * RealModules.PRICE);
        assertThat(m.balancesNotMatchingTheirLedger()).isZero();
        assertThat(m.saleInconsistencies()).isZero();
    }

    @Test
    void checkoutRetriedWithItsKeyReplaysTheReceiptAndAnotherSetUnderTheKeyIsReused() {
        RealModules m = fixture.open();
        long user = m.user(1_000_000);
        long schedule = m.schedule(CONCERT, 50);
        List<Long> holds = List.of(m.hold(user, CONCERT, schedule, 1), m.hold(user, CONCERT, schedule, 2));
        CheckoutReceipt first = m.single.checkout(new CheckoutCommand(UserId.of(user), ConcertId.of(CONCERT), "t", ids(holds), "cart-1")).block();

        CheckoutReceipt again = m.single.checkout(new CheckoutCommand(UserId.of(user), ConcertId.of(CONCERT), "t2", ids(reversed(holds)), "cart-1")).block();
        Answer reused = checkout(m, user, "t3", List.of(holds.get(0)), "cart-1");

        assertThat(again).as("the same set in another order is the same request").isEqualTo(first);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(m.count("SELECT count(*) FROM payment.payments")).isEqualTo(2);
        assertThat(m.expiredTokens).containsExactly("t");
    }

    @Test
    void manyThreadsCheckingOutAndPayingWithOneTokenPayExactlyOnceAndSellNoSeatTwice() throws Exception {
        RealModules m = fixture.open();
        long user = m.user(10_000_000);
        long schedule = m.schedule(CONCERT, 50);
        List<Long> holds = m.holds(user, CONCERT, schedule, 4);
        PayReservationUseCase batched = m.batched(32, 4);
        // overlapping sets of the same seats, in different orders, raced against single payments through the batcher
        List<List<Long>> carts = List.of(holds, holds.subList(0, 2), reversed(holds.subList(1, 4)),
                List.of(holds.get(3), holds.get(0)));

        List<Answer> answers = Concurrently.run(24, i -> i % 3 == 0
                ? pay(batched, user, "one-admission", holds.get(i % 4))
                : checkout(m, user, "one-admission", carts.get(i % 4), i % 2 == 0 ? null : "cart-" + i));

        List<Answer> paid = answers.stream().filter(answer -> answer.status() == 201).toList();
        assertThat(paid).as(answers.toString()).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.status() != 201).allSatisfy(answer ->
                assertThat(answer.code()).isIn("QUEUE_TOKEN_INVALID", "RESERVATION_ALREADY_PAID"));
        int sold = paid.get(0).reservationIds().size();
        assertThat(m.count("SELECT count(*) FROM payment.payments")).isEqualTo(sold);
        assertThat(m.count("SELECT count(*) FROM concert.seats WHERE status = 'SOLD'")).isEqualTo(sold);
        assertThat(m.count("SELECT balance FROM account.balances WHERE user_id = " + user))
                .isEqualTo(10_000_000 - sold * RealModules.PRICE);
        assertThat(m.count("SELECT count(*) FROM payment.idempotency_keys WHERE state = 'IN_PROGRESS'")).isZero();
        assertThat(m.balancesNotMatchingTheirLedger()).isZero();
        assertThat(m.saleInconsistencies()).isZero();
    }

    @Test
    void manyFansCheckingOutAtOnceEachPayTheirWholeCartWithoutDeadlocks() throws Exception {
        RealModules m = fixture.open();
        long schedule = m.schedule(CONCERT, 50);
        int fans = 10;
        List<Long> users = new ArrayList<>();
        List<List<Long>> carts = new ArrayList<>();
        for (int fan = 0; fan < fans; fan++) {
            long user = m.user(1_000_000);
            users.add(user);
            // interleaved seats, so neighbouring carts lock rows next to each other's
            carts.add(reversed(List.of(m.hold(user, CONCERT, schedule, fan + 1), m.hold(user, CONCERT, schedule, fan + 1 + fans),
                    m.hold(user, CONCERT, schedule, fan + 1 + 2 * fans))));
        }

        // two requests per fan with the fan's one token: exactly one of each pair pays
        List<Answer> answers = Concurrently.run(2 * fans, i -> checkout(m, users.get(i % fans), "token-" + (i % fans),
                carts.get(i % fans), null));

        assertThat(answers.stream().filter(answer -> answer.status() == 201)).hasSize(fans);
        assertThat(answers).filteredOn(answer -> answer.status() != 201)
                .allSatisfy(answer -> assertThat(answer.code()).isIn("QUEUE_TOKEN_INVALID", "RESERVATION_ALREADY_PAID"));
        assertThat(m.count("SELECT count(*) FROM concert.seats WHERE status = 'SOLD'")).isEqualTo(3L * fans);
        assertThat(m.balancesNotMatchingTheirLedger()).isZero();
        assertThat(m.saleInconsistencies()).isZero();
    }
}
