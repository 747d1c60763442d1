package io.stagedoor.concert.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.concert.api.CreateConcertCommand;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.support.ConcertTestModule;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When a sale opens, thousands of seats become HELD faster than autovacuum refreshes the statistics, so the planner
 * still believes the HELD-expiry index (seats_held_expiry_idx, partial on status 'HELD', for the sweep) is empty and
 * costs a scan of it at next to nothing. A confirm or cancel that let the planner start there read every live hold
 * per call — a payment batch took 220 ms instead of 1 ms in the load harness. These statements must find their seat
 * by reservation or by primary key — a lookup with an index condition, never a scan of an index the statistics call
 * empty — whatever the statistics say, with generic and with custom plans. The statistics here are taken while no seat
 * has a reservation or a hold, as in a new deployment's first minutes, so both partial indexes look empty.
 */
class StatementPlansAtSaleStartTest {

    private static final Pattern NAMED_PARAMETER = Pattern.compile("(?<!:):([A-Za-z][A-Za-z0-9]*)");
    private static final String EXPIRY_INDEX = "seats_held_expiry_idx";
    /** A plan node reading the seats table ("Seq Scan on seats s", "Index Scan using … on seats s_1", …). */
    private static final Pattern SEAT_ACCESS = Pattern.compile("(Scan|Scan using \\S+) on seats\\b");
    private static final int SEATS = 5 * 1_000;

    private static ConcertTestModule module;

    @BeforeAll
    static void heldSeatsTheStatisticsHaveNotSeen() throws SQLException {
        module = ConcertTestModule.start();
        Instant startsAt = module.now().plus(30, ChronoUnit.DAYS);
        List<CreateConcertCommand.Schedule> schedules = new ArrayList<>();
        for (int i = 0; i < SEATS / 1_000; i++) {
            schedules.add(new CreateConcertCommand.Schedule(startsAt.plus(i, ChronoUnit.DAYS), 1_000, 1_000));
        }
        CreatedConcert concert = module.concert(schedules);
        try (Connection connection = module.database.connect(); Statement statement = connection.createStatement()) {
            // statistics taken while nothing is held (the minute before the sale) ...
            statement.execute("VACUUM ANALYZE concert.seats");
            // ... then every seat of the concert held at once, as the rush does
            statement.execute("""
                    UPDATE concert.seats SET status = 'HELD', held_by = 7, hold_expires_at = now() + interval '5 minutes',
                           reservation_id = 1000000 + schedule_id * 10000 + seat_number
                     WHERE schedule_id IN (SELECT id FROM concert.schedules WHERE concert_id = %d)
                    """.formatted(concert.concertId()));
        }
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"force_generic_plan", "force_custom_plan"})
    void aConfirmFindsItsSeatByReservationNotByScanningTheLiveHolds(String planCacheMode) throws SQLException {
        String plan = explain(R2dbcSeatHolds.CONFIRM, planCacheMode,
                Map.of("reservationId", "1000001", "userId", "7", "now", "now()"));

        assertThat(plan).doesNotContain(EXPIRY_INDEX);
        assertThat(seatAccessesWithoutIndexCondition(plan)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"force_generic_plan", "force_custom_plan"})
    void aCancelFindsItsSeatByReservationNotByScanningTheLiveHolds(String planCacheMode) throws SQLException {
        String plan = explain(R2dbcSeatHolds.CANCEL, planCacheMode,
                Map.of("reservationId", "1000001", "userId", "7", "concertId", "1", "now", "now()"));

        assertThat(plan).doesNotContain(EXPIRY_INDEX);
        assertThat(seatAccessesWithoutIndexCondition(plan)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"force_generic_plan", "force_custom_plan"})
    void aBatchOfConfirmsFindsItsSeatsByReservationNotByScanningTheLiveHolds(String planCacheMode) throws SQLException {
        String plan = plansInside(R2dbcSeatSales.CONFIRM, planCacheMode, Map.of("fanKeys", "'{}'",
                "reservationIds", "'{1000001,1000002,1000003}'", "userIds", "'{7,7,7}'", "now", "now()",
                "defaultTicketsPerFan", "NULL"));

        assertThat(SEAT_ACCESS.matcher(plan).find()).as("the function's confirming statement was planned").isTrue();
        assertThat(plan).doesNotContain(EXPIRY_INDEX);
        assertThat(seatAccessesWithoutIndexCondition(plan)).isEmpty();
    }

    @Test
    void theSweepStillUsesTheExpiryIndex() throws SQLException {
        String plan = explain(R2dbcSeatHolds.SWEEP, "force_generic_plan", Map.of("now", "now()", "limit", "500"));

        assertThat(plan).contains(EXPIRY_INDEX);
    }

    /** Plan nodes that read concert.seats without an index condition: a sequential scan or a whole-index scan. */
    private static List<String> seatAccessesWithoutIndexCondition(String plan) {
        List<String> lines = plan.lines().toList();
        List<String> unkeyed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!SEAT_ACCESS.matcher(lines.get(i)).find()) {
                continue;
            }
            boolean keyed = false;
            // the node's details follow on lines of their own, up to the next node ("->")
            for (int j = i + 1; j < lines.size() && !lines.get(j).contains("->"); j++) {
                keyed |= lines.get(j).contains("Index Cond:") || lines.get(j).contains("Recheck Cond:"); // a bitmap scan: its index child carries the condition
            }
            if (!keyed) {
                unkeyed.add(lines.get(i).trim());
            }
        }
        return unkeyed;
    }

    /**
     * The plans of the statements a function runs when the driver's statement calls it, as auto_explain logs them to
     * the client; the call runs in a transaction that is rolled back, so it changes nothing.
     */
    private static String plansInside(String sql, String planCacheMode, Map<String, String> values) throws SQLException {
        try (Connection connection = module.database.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                statement.execute("LOAD 'auto_explain'");
                statement.execute("SET auto_explain.log_min_duration = 0");
                statement.execute("SET auto_explain.log_nested_statements = on");
                statement.execute("SET client_min_messages = log");
                statement.execute("SET plan_cache_mode = " + planCacheMode);
                statement.clearWarnings();
                statement.execute(withValues(sql, values));
                StringBuilder plans = new StringBuilder();
                for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
                    plans.append(warning.getMessage()).append('\n');
                }
                return plans.toString();
            } finally {
                connection.rollback();
            }
        }
    }

    /** The statement with its named parameters replaced by the given SQL values. */
    private static String withValues(String sql, Map<String, String> values) {
        Matcher named = NAMED_PARAMETER.matcher(sql);
        StringBuilder text = new StringBuilder();
        while (named.find()) {
            String value = values.get(named.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for :" + named.group(1));
            }
            named.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        return named.appendTail(text).toString();
    }

    /** EXPLAIN of the statement as the driver sends it (named parameters become $n, prepared, executed with values). */
    private static String explain(String sql, String planCacheMode, Map<String, String> values) throws SQLException {
        Map<String, Integer> positions = new LinkedHashMap<>();
        Matcher named = NAMED_PARAMETER.matcher(sql);
        StringBuilder positional = new StringBuilder();
        while (named.find()) {
            int position = positions.computeIfAbsent(named.group(1), name -> positions.size() + 1);
            named.appendReplacement(positional, "\\$" + position);
        }
        named.appendTail(positional);
        List<String> arguments = positions.keySet().stream().map(name -> {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for :" + name);
            }
            return value;
        }).toList();
        try (Connection connection = module.database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET plan_cache_mode = " + planCacheMode);
            statement.execute("PREPARE planned AS " + positional);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery("EXPLAIN EXECUTE planned(" + String.join(", ", arguments) + ")")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
