package io.stagedoor.concert.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ReservationAlreadyPaidException;
import io.stagedoor.concert.api.ReservationExpiredException;
import io.stagedoor.concert.api.ReservationNotFoundException;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.support.ConcertTestModule;
import io.stagedoor.concert.support.OneConcertFixture;
import io.stagedoor.testsupport.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/** Invariants 3 and 5 from the concert side: paid at most once, and only together with the caller's transaction. */
class ConfirmReservationTest {

    @RegisterExtension
    static final OneConcertFixture fixture = new OneConcertFixture(50, 130_000);
    private final ConcertTestModule module = fixture.module();
    private long concertId;
    private long scheduleId;
    private HoldSeatUseCase holds;
    private ConfirmReservationUseCase confirm;

    @BeforeEach
    void concert() {
        concertId = fixture.concertId();
        scheduleId = fixture.scheduleId();
        holds = module.holdService();
        confirm = module.confirmService();
    }

    private ReservationView hold(long userId, int seat) {
        return holds.hold(new HoldSeatCommand(userId, concertId, scheduleId, seat)).block();
    }

    @Test
    void holderConfirmsALiveHoldAndTheSeatIsSold() {
        ReservationView held = hold(42, 7);

        ReservationView confirmed = confirm.confirm(held.reservationId(), UserId.of(42)).block();

        assertThat(confirmed.status().name()).isEqualTo("CONFIRMED");
        assertThat(confirmed.price().value()).isEqualTo(130_000);
        assertThat(module.reservationStatus(held.reservationId().value())).isEqualTo("CONFIRMED");
        assertThat(module.seatStatus(scheduleId, 7)).isEqualTo("SOLD");
        assertThat(module.availability.freeSeats(concertId, scheduleId).block()).noneMatch(s -> s.seatNumber() == 7);
    }

    @Test
    void secondConfirmIsAlreadyPaid() {
        ReservationView held = hold(42, 8);
        confirm.confirm(held.reservationId(), UserId.of(42)).block();

        assertThatThrownBy(() -> confirm.confirm(held.reservationId(), UserId.of(42)).block())
                .isInstanceOf(ReservationAlreadyPaidException.class);
    }

    @Test
    void anyoneElsesReservationIsNotFoundAndStaysHeld() {
        ReservationView held = hold(42, 9);

        assertThatThrownBy(() -> confirm.confirm(held.reservationId(), UserId.of(43)).block())
                .isInstanceOf(ReservationNotFoundException.class);
        assertThatThrownBy(() -> confirm.confirm(ReservationId.of(999_999), UserId.of(42)).block())
                .isInstanceOf(ReservationNotFoundException.class);
        assertThat(module.reservationStatus(held.reservationId().value())).isEqualTo("HELD");
        assertThat(module.seatStatus(scheduleId, 9)).isEqualTo("HELD");
    }

    @Test
    void holdThatRanOutCannotBeConfirmed() {
        ReservationView held = holds.hold(new HoldSeatCommand(42, concertId, scheduleId, 10)).block();
        ConfirmReservationUseCase late = module.confirmService(
                new MutableClock(held.expiresAt()));

        assertThatThrownBy(() -> late.confirm(held.reservationId(), UserId.of(42)).block())
                .isInstanceOf(ReservationExpiredException.class)
                .hasMessageContaining("RESERVATION_EXPIRED");
        assertThat(module.seatStatus(scheduleId, 10)).isEqualTo("HELD");
    }

    @Test
    void cancelledReservationCannotBeConfirmed() {
        ReservationView held = hold(42, 11);
        module.cancelService().cancel(held.reservationId().value(), 42, concertId).block();

        assertThatThrownBy(() -> confirm.confirm(held.reservationId(), UserId.of(42)).block())
                .isInstanceOf(ReservationExpiredException.class);
        assertThat(module.seatStatus(scheduleId, 11)).isEqualTo("AVAILABLE");
    }

    @Test
    void confirmInsideACallerTransactionThatRollsBackLeavesTheHoldAsItWas() {
        ReservationView held = hold(42, 12);
        AtomicReference<String> seenFromOutsideBeforeRollback = new AtomicReference<>();

        Mono<ReservationView> payment = module.callerTransaction().transactional(
                confirm.confirm(held.reservationId(), UserId.of(42))
                        .doOnNext(confirmed -> assertThat(confirmed.status().name()).isEqualTo("CONFIRMED"))
                        .flatMap(confirmed -> Mono.fromCallable(() -> {
                                    // another connection must not see the confirmation before the caller commits
                                    seenFromOutsideBeforeRollback.set(module.count(
                                            "SELECT count(*) FROM concert.seats WHERE schedule_id = " + scheduleId
                                                    + " AND seat_number = 12 AND status = 'SOLD'") == 0
                                            ? "not sold" : "sold");
                                    return confirmed;
                                }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
                        .then(Mono.error(new IllegalStateException("debit failed"))));

        assertThatThrownBy(payment::block).hasMessageContaining("debit failed");
        assertThat(seenFromOutsideBeforeRollback.get()).isEqualTo("not sold");
        assertThat(module.reservationStatus(held.reservationId().value())).isEqualTo("HELD");
        assertThat(module.seatStatus(scheduleId, 12)).isEqualTo("HELD");
        assertThat(module.seatHolder(scheduleId, 12)).isEqualTo(42L);
        // and it is still payable afterwards
        assertThat(confirm.confirm(held.reservationId(), UserId.of(42)).block().status().name()).isEqualTo("CONFIRMED");
    }

    @Test
    void confirmInsideACallerTransactionCommitsWithTheCallersOwnWrites() {
        ReservationView held = hold(42, 13);
        module.database.execute("CREATE TABLE IF NOT EXISTS concert.test_debits (reservation_id BIGINT)");

        module.callerTransaction().transactional(
                        confirm.confirm(held.reservationId(), UserId.of(42))
                                .flatMap(confirmed -> module.db
                                        .sql("INSERT INTO concert.test_debits (reservation_id) VALUES (:id)")
                                        .bind("id", confirmed.reservationId().value())
                                        .fetch().rowsUpdated()))
                .block();

        assertThat(module.reservationStatus(held.reservationId().value())).isEqualTo("CONFIRMED");
        assertThat(module.seatStatus(scheduleId, 13)).isEqualTo("SOLD");
        assertThat(module.count("SELECT count(*) FROM concert.test_debits WHERE reservation_id = "
                + held.reservationId())).isEqualTo(1);
    }

    @Test
    void refusedConfirmDoesNotSpoilTheCallersTransaction() {
        ReservationView held = hold(42, 14);
        confirm.confirm(held.reservationId(), UserId.of(42)).block();
        module.database.execute("CREATE TABLE IF NOT EXISTS concert.test_debits (reservation_id BIGINT)");

        module.callerTransaction().transactional(
                        confirm.confirm(held.reservationId(), UserId.of(42))
                                .onErrorResume(ReservationAlreadyPaidException.class, alreadyPaid -> Mono.empty())
                                .then(module.db.sql("INSERT INTO concert.test_debits (reservation_id) VALUES (-1)")
                                        .fetch().rowsUpdated()))
                .block();

        assertThat(module.count("SELECT count(*) FROM concert.test_debits WHERE reservation_id = -1")).isEqualTo(1);
    }

    @Test
    void holdDurationIsTheConfiguredOne() {
        ReservationView held = module.holdService(Duration.ofSeconds(90))
                .hold(new HoldSeatCommand(42, concertId, scheduleId, 15)).block();

        assertThat(held.expiresAt()).isEqualTo(module.now().plusSeconds(90));
    }
}
