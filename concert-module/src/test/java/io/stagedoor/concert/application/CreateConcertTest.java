package io.stagedoor.concert.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.concert.adapter.out.persistence.ConcertPersistence;
import io.stagedoor.concert.api.ConcertSummary;
import io.stagedoor.concert.api.ConcertsPage;
import io.stagedoor.concert.api.CreateConcertCommand;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.application.port.out.ConcertCatalog;
import io.stagedoor.concert.domain.SeatNumbering;
import io.stagedoor.concert.support.ConcertTestModule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

class CreateConcertTest {

    private static ConcertTestModule module;

    @BeforeAll
    static void start() {
        module = ConcertTestModule.start();
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    @Test
    void operatorCreatesAConcertWithSchedulesAndNumberedSeats() {
        Instant first = module.now().plus(Duration.ofDays(7));
        Instant second = module.now().plus(Duration.ofDays(14));

        CreatedConcert created = module.catalog.create(new CreateConcertCommand("  Aurora Lights  ", List.of(
                new CreateConcertCommand.Schedule(first, 50, 130_000),
                new CreateConcertCommand.Schedule(second, 10, 99_000)))).block();

        assertThat(created.title()).isEqualTo("Aurora Lights");
        assertThat(created.schedules()).extracting(CreatedConcert.Schedule::startsAt).containsExactly(first, second);
        long firstId = created.schedules().get(0).scheduleId();
        long secondId = created.schedules().get(1).scheduleId();
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id = " + firstId)).isEqualTo(50);
        assertThat(module.count("SELECT min(seat_number) FROM concert.seats WHERE schedule_id = " + firstId)).isEqualTo(1);
        assertThat(module.count("SELECT max(seat_number) FROM concert.seats WHERE schedule_id = " + firstId)).isEqualTo(50);
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id = " + secondId
                + " AND price = 99000 AND status = 'AVAILABLE'")).isEqualTo(10);
        assertThat(module.catalog.listConcerts().block())
                .contains(new ConcertSummary(created.concertId(), "Aurora Lights"));
    }

    @Test
    void concertPagesFollowTheirNextCursorByIdWithoutRepeatsOrGaps() {
        List<Long> created = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(module.catalog.create(new CreateConcertCommand("Paged " + i, List.of(
                    new CreateConcertCommand.Schedule(module.now().plus(Duration.ofDays(7)), 1, 1_000)))).block().concertId());
        }
        List<Long> all = module.catalog.listConcerts().block().stream().map(ConcertSummary::concertId).toList();

        List<Long> paged = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ConcertsPage.Result page = module.catalog.listConcerts(
                    new ConcertsPage(2, cursor == null ? null : Long.valueOf(cursor))).block();
            assertThat(page.concerts()).hasSizeLessThanOrEqualTo(2);
            page.concerts().forEach(concert -> paged.add(concert.concertId()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(paged).as("every concert once, by id").isEqualTo(all).containsAll(created);
        assertThat(pages).isEqualTo((all.size() + 1) / 2);
    }

    @Test
    void concertIsCreatedWholeOrNotAtAll() {
        ConcertCatalog real = new ConcertPersistence(module.db).catalog();
        AtomicInteger schedulesAdded = new AtomicInteger();
        ConcertCatalog failingOnSecondSchedule = new ConcertCatalog() {
            public Mono<List<ConcertSummary>> allConcerts() {
                return real.allConcerts();
            }

            public Mono<List<ConcertSummary>> concertsAfter(Long afterId, int limit) {
                return real.concertsAfter(afterId, limit);
            }

            public Mono<Boolean> concertExists(long concertId) {
                return real.concertExists(concertId);
            }

            public Mono<Long> addConcert(String title) {
                return real.addConcert(title);
            }

            public Mono<Long> addSchedule(long concertId, Instant startsAt, SeatNumbering seats, long price) {
                return schedulesAdded.incrementAndGet() == 2
                        ? Mono.error(new IllegalStateException("disk full"))
                        : real.addSchedule(concertId, startsAt, seats, price);
            }
        };
        ConcertCatalogService service = new ConcertCatalogService(failingOnSecondSchedule,
                ConcertPersistence.transactions(TransactionalOperator.create(module.transactionManager)));
        String title = "Never half made " + System.nanoTime();

        assertThatThrownBy(() -> service.create(new CreateConcertCommand(title, List.of(
                new CreateConcertCommand.Schedule(module.now().plus(Duration.ofDays(1)), 50, 1),
                new CreateConcertCommand.Schedule(module.now().plus(Duration.ofDays(2)), 50, 1)))).block())
                .hasMessageContaining("disk full");

        assertThat(module.count("SELECT count(*) FROM concert.concerts WHERE title = '" + title + "'")).isZero();
        assertThat(schedulesAdded.get()).isEqualTo(2);
    }

    @Test
    void commandRefusesWhatCannotBeAConcert() {
        Instant at = Instant.parse("2030-01-01T10:00:00Z");
        assertThatThrownBy(() -> new CreateConcertCommand(" ", List.of(new CreateConcertCommand.Schedule(at, 50, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("title");
        assertThatThrownBy(() -> new CreateConcertCommand("x", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schedules");
        assertThatThrownBy(() -> new CreateConcertCommand.Schedule(at, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seats");
        assertThatThrownBy(() -> new CreateConcertCommand.Schedule(at, 50, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price");
        assertThatThrownBy(() -> new CreateConcertCommand.Schedule(null, 50, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startsAt");
    }
}
