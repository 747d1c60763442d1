package io.stagedoor.concert.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.concert.api.CreateConcertCommand;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.support.ConcertTestModule;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch functions keep one plan per connection for their statement (Flyway V5; V6 for hold_seats), instead of
 * PostgreSQL choosing per connection between such a plan and planning every call afresh (which cost a hold batch
 * about fifteen times what running it did). A kept plan is made without the argument values, so it must still reach the seats and the
 * reservations by their keys: here with statistics taken before the sale, when the reservations table holds only
 * earlier sales' history and no seat is held. (With statistics of an empty reservations table, kept and per-call plans
 * alike scan it, which is right while it is that small.)
 */
class BatchFunctionPlansTest {

    private static final int SCHEDULES = 3;
    private static final int HISTORY = 20_000;
    private static final int CALLS = 8; // past the five calls PostgreSQL plans with the arguments before it may keep a plan

    private static ConcertTestModule module;
    private static CreatedConcert concert;

    @BeforeAll
    static void aConcertWhoseStatisticsWereTakenBeforeTheSale() throws SQLException {
        module = ConcertTestModule.start();
        Instant startsAt = module.now().plus(30, ChronoUnit.DAYS);
        List<CreateConcertCommand.Schedule> schedules = new ArrayList<>();
        for (int i = 0; i < SCHEDULES; i++) {
            schedules.add(new CreateConcertCommand.Schedule(startsAt.plus(i, ChronoUnit.DAYS), 1_000, 1_000));
        }
        concert = module.concert(schedules);
        try (Connection connection = module.database.connect(); Statement statement = connection.createStatement()) {
            // a deployment's reservations table carries the history of earlier sales: unpaid holds that ran out
            statement.execute("""
                    INSERT INTO concert.reservations
                           (user_id, concert_id, schedule_id, seat_number, price, status, expires_at, created_at, updated_at)
                    SELECT 100000 + g, %d, sc.id, 201 + g %% 800, 1000, 'EXPIRED', now() - interval '1 day',
                           now() - interval '1 day', now() - interval '1 day'
                      FROM generate_series(1, %d) g
                      JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM concert.schedules
                             WHERE concert_id = %d) sc ON sc.n = g %% %d
                    """.formatted(concert.concertId(), HISTORY, concert.concertId(), SCHEDULES));
            statement.execute("VACUUM ANALYZE concert.seats");
            statement.execute("VACUUM ANALYZE concert.reservations");
        }
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    @Test
    void bothBatchFunctionsKeepTheirPlan() throws SQLException {
        Map<String, String> settings = new HashMap<>();
        try (Connection connection = module.database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT p.proname, array_to_string(p.proconfig, ',') FROM pg_proc p
                       JOIN pg_namespace n ON n.oid = p.pronamespace
                      WHERE n.nspname = 'concert' AND p.proname IN ('hold_batch', 'hold_seats', 'confirm_batch')
                     """)) {
            while (rows.next()) {
                settings.put(rows.getString(1), rows.getString(2));
            }
        }

        assertThat(settings).containsOnlyKeys("hold_batch", "hold_seats", "confirm_batch");
        assertThat(settings.values()).allSatisfy(config -> assertThat(config).contains("plan_cache_mode=force_generic_plan"));
    }

    @Test
    void holdAndConfirmBatchesReachSeatsAndReservationsOnlyByKey() throws SQLException {
        try (Connection connection = module.database.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (int call = 0; call < CALLS; call++) {
                int firstUser = 1_000 + call * 16;
                long scheduleId = concert.schedules().get(call % SCHEDULES).scheduleId();
                List<String> ids = new ArrayList<>();
                List<String> users = new ArrayList<>();
                try (ResultSet held = statement.executeQuery(("""
                        SELECT id, user_id FROM concert.hold_seats(
                          (SELECT array_agg((u::bigint << 32) # %1$d) FROM generate_series(%2$d, %2$d + 15) u),
                          (SELECT array_agg(u::bigint) FROM generate_series(%2$d, %2$d + 15) u),
                          array_fill(%1$d::bigint, ARRAY[16]), array_fill(%3$d::bigint, ARRAY[16]),
                          (SELECT array_agg(s) FROM generate_series(%4$d, %4$d + 15) s),
                          array_fill(now(), ARRAY[16]), array_fill(now() + interval '5 minutes', ARRAY[16]), 4, 4, 120000000)
                        """).formatted(concert.concertId(), firstUser, scheduleId, 1 + call * 16))) {
                    while (held.next()) {
                        ids.add(held.getString(1));
                        users.add(held.getString(2));
                    }
                }
                List<String> keys = users.stream().map(user -> Long.toString(R2dbcHoldBatch.fanKey(Long.parseLong(user),
                        concert.concertId()))).toList();
                statement.execute("SELECT count(*) FROM concert.confirm_batch('{%s}', '{%s}', '{%s}', now(), 4)"
                        .formatted(String.join(",", keys), String.join(",", ids), String.join(",", users)));
            }
            Map<String, Long> sequentialScans = sequentialScansInThisTransaction(statement);
            long sold = count(statement, "SELECT count(*) FROM concert.reservations WHERE status = 'CONFIRMED'");
            connection.rollback();

            assertThat(sold).as("every hold of every call was confirmed").isEqualTo(CALLS * 16L);
            assertThat(sequentialScans).containsEntry("seats", 0L).containsEntry("reservations", 0L);
        }
    }

    private static Map<String, Long> sequentialScansInThisTransaction(Statement statement) throws SQLException {
        Map<String, Long> scans = new HashMap<>();
        try (ResultSet rows = statement.executeQuery("""
                SELECT relname, seq_scan FROM pg_stat_xact_user_tables
                 WHERE schemaname = 'concert' AND relname IN ('seats', 'reservations')
                """)) {
            while (rows.next()) {
                scans.put(rows.getString(1), rows.getLong(2));
            }
        }
        return scans;
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
