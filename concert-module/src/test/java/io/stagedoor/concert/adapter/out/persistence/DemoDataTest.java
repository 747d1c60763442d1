package io.stagedoor.concert.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.support.ConcertTestModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** db/demo/concert.sql: 3 concerts with future 50-seat schedules priced by row, safe to apply again and again. */
class DemoDataTest {

    private static ConcertTestModule module;

    @BeforeAll
    static void start() throws IOException {
        module = ConcertTestModule.start();
        String demo;
        try (InputStream in = DemoDataTest.class.getResourceAsStream("/db/demo/concert.sql")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        module.database.execute(demo);
        module.database.execute(demo);
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    @Test
    void demoHasExactlyTheDemoRowsAfterTwoRuns() {
        assertThat(module.count("SELECT count(*) FROM concert.schedules WHERE concert_id <= 3")).isEqualTo(9);
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id <= 9")).isEqualTo(450);
    }

    @Test
    void demoHasThreeConcertsEachWithThreeFutureSchedulesOfFiftySeatsEvenWhenAppliedTwice() {
        assertThat(module.count("SELECT count(*) FROM concert.concerts WHERE id <= 3")).isEqualTo(3);
        assertThat(module.count("SELECT count(*) FROM concert.schedules WHERE id <= 9 AND starts_at > now() + interval '6 days'"))
                .isEqualTo(9);
        assertThat(module.count("SELECT count(DISTINCT concert_id) FROM concert.schedules WHERE id <= 9")).isEqualTo(3);
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id <= 9 AND status = 'AVAILABLE'")).isEqualTo(450);
        assertThat(module.count("SELECT count(*) FROM (SELECT schedule_id FROM concert.seats WHERE schedule_id <= 9"
                + " GROUP BY schedule_id"
                + " HAVING min(seat_number) = 1 AND max(seat_number) = 50 AND count(*) = 50) full_schedules")).isEqualTo(9);
    }

    @Test
    void demoSeatsArePricedByRow() {
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id <= 9 AND seat_number <= 20 AND price = 130000")).isEqualTo(180);
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id <= 9 AND seat_number BETWEEN 21 AND 40 AND price = 99000"))
                .isEqualTo(180);
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id <= 9 AND seat_number > 40 AND price = 77000")).isEqualTo(90);
    }

    @Test
    void concertsCreatedAfterTheDemoGetFreshIds() {
        CreatedConcert created = module.concertWithOneSchedule(50, 1000);

        assertThat(created.concertId()).isGreaterThan(3);
        assertThat(created.schedules().get(0).scheduleId()).isGreaterThan(9);
        assertThat(module.availability.availableSchedules(1).block()).hasSize(3)
                .allSatisfy(schedule -> assertThat(schedule.availableSeats()).isEqualTo(50));
    }
}
