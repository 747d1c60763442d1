package io.stagedoor.concert.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.concert.support.ConcertTestModule;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code concert.hold_seats} (Flyway V6), the hold statement the app calls, must answer and write every batch exactly as
 * {@code concert.hold_batch} (V3) did: the same winners, the same refusals (hold limit, ticket limit, re-hold
 * cool-down, a concert's own limits), the same losers with the same seat facts, the same takeover of expired holds.
 * Each batch runs through both functions from the same database state (the first one rolled back), and the answers
 * and the resulting seats and reservations are compared; the second one's writes are kept, so later batches meet fans
 * that have used up their limits, seats held by earlier batches and holds running out.
 */
class HoldSeatsFunctionTest {

    private static final int BATCHES = 80;
    private static final long COOL_DOWN_MICROS = 120_000_000L;
    private static final long NO_SCHEDULE = 987_654_321L;

    private static ConcertTestModule module;

    @BeforeAll
    static void start() {
        module = ConcertTestModule.start();
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    private record Hold(long userId, long concertId, long scheduleId, int seat, Instant now, Instant expiresAt) {
    }

    private record Venue(long concertA, long concertB, long a1, long a2, long aStarted, long b1) {
    }

    @Test
    void everyBatchIsAnsweredAndWrittenAsHoldBatchDidIt() throws SQLException {
        Instant t = module.now().truncatedTo(ChronoUnit.MICROS);
        try (Connection connection = module.database.connect(); Statement sql = connection.createStatement()) {
            Venue venue = venue(sql, t);
            history(sql, venue, t);
            connection.setAutoCommit(false);
            Random random = new Random(20_261_201);
            Set<String> outcomes = new TreeSet<>();
            for (int b = 0; b < BATCHES; b++) {
                List<Hold> batch = batch(random, venue, t.plusMillis(200L * b));

                List<String> before = call(sql, "hold_batch", batch);
                String stateBefore = state(sql);
                connection.rollback();
                List<String> after = call(sql, "hold_seats", batch);
                String stateAfter = state(sql);
                connection.commit();

                assertThat(after).as("answers of batch %d: %s", b, batch).isEqualTo(before);
                assertThat(stateAfter).as("seats and reservations after batch %d", b).isEqualTo(stateBefore);
                after.forEach(answer -> outcomes.add(answer.split("\\|")[4]));
            }
            // the batches met every kind of answer, so the comparison above covered each of them
            assertThat(outcomes).contains("won", "lost", "no schedule", "HOLD_LIMIT_REACHED", "TICKET_LIMIT_REACHED",
                    "RE_HOLD_COOLING_DOWN");
            assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE status = 'EXPIRED'"
                    + " AND updated_at > created_at")).as("expired holds taken over").isPositive();
        }
    }

    /** Concert A (the configured limits, 4 and 4) and B (its own: 2 holds, 3 tickets), one schedule of A started. */
    private static Venue venue(Statement sql, Instant t) throws SQLException {
        long concertA = insertId(sql, "INSERT INTO concert.concerts (title) VALUES ('A') RETURNING id");
        long concertB = insertId(sql, "INSERT INTO concert.concerts (title, holds_per_fan, tickets_per_fan)"
                + " VALUES ('B', 2, 3) RETURNING id");
        long a1 = schedule(sql, concertA, "'" + t + "'::timestamptz + interval '7 days'", 40);
        long a2 = schedule(sql, concertA, "'" + t + "'::timestamptz + interval '8 days'", 40);
        long aStarted = schedule(sql, concertA, "'" + t + "'::timestamptz - interval '1 hour'", 10);
        long b1 = schedule(sql, concertB, "'" + t + "'::timestamptz + interval '7 days'", 20);
        return new Venue(concertA, concertB, a1, a2, aStarted, b1);
    }

    private static long schedule(Statement sql, long concertId, String startsAt, int seats) throws SQLException {
        long id = insertId(sql, "INSERT INTO concert.schedules (concert_id, starts_at) VALUES (" + concertId + ", "
                + startsAt + ") RETURNING id");
        sql.execute("INSERT INTO concert.seats (schedule_id, seat_number, price) SELECT " + id
                + ", s, 1000 + s FROM generate_series(1, " + seats + ") s");
        return id;
    }

    /**
     * Live holds, holds that ran out (one within the cool-down of its fan, one long ago) and tickets, made by the
     * old function itself at earlier times.
     */
    private static void history(Statement sql, Venue v, Instant t) throws SQLException {
        Instant past = t.minusSeconds(400);
        List<Hold> holds = new ArrayList<>();
        for (int seat = 1; seat <= 3; seat++) {
            holds.add(new Hold(101, v.concertA(), v.a1(), seat, t.minusSeconds(60), t.plusSeconds(240)));
        }
        holds.add(new Hold(1, v.concertA(), v.a1(), 10, t.minusSeconds(60), t.plusSeconds(240)));
        holds.add(new Hold(1, v.concertA(), v.a1(), 11, t.minusSeconds(60), t.plusSeconds(240)));
        for (int seat = 20; seat <= 23; seat++) { // ran out 30 s ago: taken over by others, cooling down for 102
            holds.add(new Hold(102, v.concertA(), v.a1(), seat, past, t.minusSeconds(30)));
        }
        holds.add(new Hold(103, v.concertA(), v.a2(), 5, past, t.minusSeconds(300))); // ran out before the cool-down
        for (int seat = 1; seat <= 3; seat++) { // fan 2's tickets
            holds.add(new Hold(2, v.concertA(), v.a2(), seat, past, t.plusSeconds(240)));
        }
        for (int seat = 6; seat <= 9; seat++) { // fan 3's tickets: at the ticket limit
            holds.add(new Hold(3, v.concertA(), v.a2(), seat, past, t.plusSeconds(240)));
        }
        holds.add(new Hold(4, v.concertB(), v.b1(), 1, t.minusSeconds(60), t.plusSeconds(240))); // fan 4: B's hold limit
        holds.add(new Hold(4, v.concertB(), v.b1(), 2, t.minusSeconds(60), t.plusSeconds(240)));
        holds.add(new Hold(5, v.concertB(), v.b1(), 3, past, t.plusSeconds(240))); // fan 5: B's tickets
        holds.add(new Hold(5, v.concertB(), v.b1(), 4, past, t.plusSeconds(240)));
        for (Hold hold : holds) {
            assertThat(call(sql, "hold_batch", List.of(hold))).singleElement().asString().contains("|won|");
        }
        sql.execute("""
                WITH sold AS (
                    UPDATE concert.seats SET status = 'SOLD', hold_expires_at = NULL
                     WHERE status = 'HELD' AND held_by IN (2, 3, 5)
                    RETURNING reservation_id)
                UPDATE concert.reservations SET status = 'CONFIRMED' WHERE id IN (SELECT reservation_id FROM sold)
                """);
    }

    /** 1 to 16 holds by a small crowd of fans, mostly on a few seats, some of them wrong in every way a hold can be. */
    private static List<Hold> batch(Random random, Venue v, Instant now) {
        int size = random.nextInt(4) == 0 ? 1 + random.nextInt(16) : 1 + random.nextInt(4);
        List<Hold> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            long userId = random.nextInt(5) == 0 ? 101 + random.nextInt(3) : 1 + random.nextInt(12);
            int pick = random.nextInt(100);
            long scheduleId = pick < 40 ? v.a1() : pick < 65 ? v.a2() : pick < 88 ? v.b1()
                    : pick < 94 ? v.aStarted() : NO_SCHEDULE;
            long concertId = scheduleId == v.b1() ? v.concertB() : v.concertA();
            if (random.nextInt(15) == 0) {
                concertId = concertId == v.concertA() ? v.concertB() : v.concertA();
            }
            int seat = random.nextInt(6) == 0 ? 1 + random.nextInt(45) : 1 + random.nextInt(24);
            Instant at = now.plusNanos(1_000L * i);
            batch.add(new Hold(userId, concertId, scheduleId, seat, at, at.plusSeconds(300)));
        }
        if (random.nextInt(4) == 0) { // fan 102 back for a seat whose hold ran out 30 s ago: cooling down
            Instant at = now.plusNanos(1_000L * size);
            batch.add(new Hold(102, v.concertA(), v.a1(), 20 + random.nextInt(4), at, at.plusSeconds(300)));
        }
        return batch;
    }

    /** One call; an answer per request in request order, the reservation id only as present or not (ids differ). */
    private static List<String> call(Statement sql, String function, List<Hold> batch) throws SQLException {
        Set<Long> keys = new TreeSet<>();
        batch.forEach(hold -> keys.add(R2dbcHoldBatch.fanKey(hold.userId(), hold.concertId())));
        String query = "SELECT * FROM concert." + function + "(" + String.join(", ",
                longs(new ArrayList<>(keys)),
                longs(batch.stream().map(Hold::userId).toList()),
                longs(batch.stream().map(Hold::concertId).toList()),
                longs(batch.stream().map(Hold::scheduleId).toList()),
                "ARRAY[" + batch.stream().map(hold -> Integer.toString(hold.seat())).collect(Collectors.joining(","))
                        + "]::integer[]",
                instants(batch.stream().map(Hold::now).toList()),
                instants(batch.stream().map(Hold::expiresAt).toList()),
                "4", "4", Long.toString(COOL_DOWN_MICROS)) + ") ORDER BY ord";
        List<String> answers = new ArrayList<>();
        Set<Long> answered = new HashSet<>();
        try (ResultSet row = sql.executeQuery(query)) {
            while (row.next()) {
                long ord = row.getLong("ord");
                answered.add(ord);
                String kind = row.getObject("id") != null ? "won"
                        : row.getString("fan_refusal") != null ? row.getString("fan_refusal") : "lost";
                answers.add(String.join("|", Long.toString(ord), row.getString("schedule_concert_id"),
                        row.getString("schedule_starts_at"), row.getString("seat_exists"), kind,
                        row.getString("user_id"), row.getString("concert_id"), row.getString("schedule_id"),
                        row.getString("seat_number"), row.getString("price"), row.getString("status"),
                        row.getString("expires_at")));
            }
        }
        for (long ord = 1; ord <= batch.size(); ord++) {
            if (!answered.contains(ord)) {
                answers.add(ord + "||||no schedule");
            }
        }
        answers.sort((x, y) -> Long.compare(Long.parseLong(x.split("\\|")[0]), Long.parseLong(y.split("\\|")[0])));
        return answers;
    }

    /** Every seat and every reservation, with reservation ids replaced by what they point at. */
    private static String state(Statement sql) throws SQLException {
        StringBuilder state = new StringBuilder();
        try (ResultSet row = sql.executeQuery("""
                SELECT s.schedule_id, s.seat_number, s.status, s.held_by, s.hold_expires_at,
                       r.user_id, r.status AS reservation_status, r.expires_at
                  FROM concert.seats s LEFT JOIN concert.reservations r ON r.id = s.reservation_id
                 ORDER BY s.schedule_id, s.seat_number
                """)) {
            while (row.next()) {
                for (int column = 1; column <= 8; column++) {
                    state.append(row.getString(column)).append(column == 8 ? '\n' : '|');
                }
            }
        }
        try (ResultSet row = sql.executeQuery("""
                SELECT user_id, concert_id, schedule_id, seat_number, price, status, expires_at, created_at, updated_at
                  FROM concert.reservations
                 ORDER BY schedule_id, seat_number, created_at, user_id, status
                """)) {
            while (row.next()) {
                for (int column = 1; column <= 9; column++) {
                    state.append(row.getString(column)).append(column == 9 ? '\n' : '|');
                }
            }
        }
        return state.toString();
    }

    private static String longs(List<Long> values) {
        return "ARRAY[" + values.stream().map(Object::toString).collect(Collectors.joining(",")) + "]::bigint[]";
    }

    private static String instants(List<Instant> values) {
        return "ARRAY[" + values.stream().map(value -> "'" + value + "'").collect(Collectors.joining(","))
                + "]::timestamptz[]";
    }

    private static long insertId(Statement sql, String insert) throws SQLException {
        try (ResultSet row = sql.executeQuery(insert)) {
            row.next();
            return row.getLong(1);
        }
    }
}
