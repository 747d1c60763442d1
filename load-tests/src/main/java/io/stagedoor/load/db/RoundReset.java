package io.stagedoor.load.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Brings the app's database back to where the raw scenario began before each judged round, so every round measures the
 * same tables. Without it each round added tens of thousands of reservations, payments and ledger rows to the last,
 * and later rounds paid for the growth, and for checkpoints and vacuums of the grown tables during their passes: the
 * last quiet window read holds 0.53x, 0.46x, 0.39x and the PostgreSQL ceiling 7,250, 7,380, 5,110/s round after round
 * (docs/performance.md, "Quiet window 3").
 *
 * <p>A reset removes exactly what this run made after its {@link Mark}: concerts titled {@code load <runId> ...} and
 * users named {@code load-<runId>-...} with ids above the mark, and every row hanging off them (schedules, seats,
 * reservations; balances, ledger entries, payments, their history, idempotency keys, paid admissions). Rows of other
 * runs or of anyone else sharing the database stay. Then {@code VACUUM (ANALYZE)} makes the freed space reusable and
 * the statistics current, {@code CHECKPOINT} writes the dirty pages now rather than during the round (and restarts
 * the checkpoint timer), and the reset waits until no autovacuum worker runs in the database. Set-up only: nothing here
 * is measured.
 *
 * <p>The ledger and the payment history are append-only by trigger; the deletes run with
 * {@code session_replication_role = replica} (superuser only) in their own transaction, which skips triggers for that
 * transaction alone: the app's own sessions keep the triggers. <b>Table names follow the account, concert and payment
 * migrations</b>; {@code RoundResetTest} fails when a migration adds a table this class does not know.
 */
public final class RoundReset {

    /** {@code --round-state}: FRESH resets before each judged round, GROW keeps the old behaviour (tables grow). */
    public enum Mode {
        FRESH, GROW;

        public static Mode parse(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--round-state must be fresh or grow, not '" + value + "'");
            }
        }
    }

    /** The newest concert and user when the raw scenario began: whatever this run makes later belongs to a round. */
    public record Mark(long concertId, long userId) {
    }

    /** What one reset did, for the report. */
    public record Result(Map<String, Long> removed, long millis, boolean checkpointed, int autovacuumWorkers) {

        public long rows() {
            return removed.values().stream().mapToLong(Long::longValue).sum();
        }

        public String describe() {
            String tables = removed.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
            return String.format(Locale.ROOT, "removed %d rows of this run (%s), VACUUM ANALYZE, %s, %s; %d ms", rows(),
                    tables.isEmpty() ? "none" : tables, checkpointed ? "CHECKPOINT" : "no CHECKPOINT (not permitted)",
                    autovacuumWorkers == 0 ? "no autovacuum running" : autovacuumWorkers < 0 ? "autovacuum not readable"
                            : autovacuumWorkers + " autovacuum worker(s) still running after the wait", millis);
        }
    }

    /** A run's concerts: this run's titles, made after the mark. */
    private static final String CONCERTS = "SELECT id FROM concert.concerts WHERE id > ? AND title LIKE ?";
    /** A run's users: this run's names, made after the mark. */
    private static final String USERS = "SELECT id FROM account.users WHERE id > ? AND name LIKE ?";

    private record Delete(String table, String sql, boolean byConcert) {
    }

    /** Dependants first, so the order would hold with foreign keys checked too. */
    private static final List<Delete> DELETES = List.of(
            new Delete("payment.payment_history", "DELETE FROM payment.payment_history WHERE payment_id IN "
                    + "(SELECT id FROM payment.payments WHERE user_id IN (" + USERS + "))", false),
            new Delete("payment.payments", "DELETE FROM payment.payments WHERE user_id IN (" + USERS + ")", false),
            new Delete("payment.idempotency_keys", "DELETE FROM payment.idempotency_keys WHERE user_id IN (" + USERS + ")", false),
            new Delete("payment.paid_admissions", "DELETE FROM payment.paid_admissions WHERE user_id IN (" + USERS + ")", false),
            new Delete("concert.reservations", "DELETE FROM concert.reservations WHERE concert_id IN (" + CONCERTS + ")", true),
            new Delete("concert.seats", "DELETE FROM concert.seats WHERE schedule_id IN "
                    + "(SELECT id FROM concert.schedules WHERE concert_id IN (" + CONCERTS + "))", true),
            new Delete("concert.schedules", "DELETE FROM concert.schedules WHERE concert_id IN (" + CONCERTS + ")", true),
            new Delete("concert.concerts", "DELETE FROM concert.concerts WHERE id IN (" + CONCERTS + ")", true),
            new Delete("account.ledger", "DELETE FROM account.ledger WHERE user_id IN (" + USERS + ")", false),
            new Delete("account.charge_keys", "DELETE FROM account.charge_keys WHERE user_id IN (" + USERS + ")", false),
            new Delete("account.credentials", "DELETE FROM account.credentials WHERE user_id IN (" + USERS + ")", false),
            new Delete("account.external_identities", "DELETE FROM account.external_identities WHERE user_id IN (" + USERS + ")", false),
            new Delete("account.balances", "DELETE FROM account.balances WHERE user_id IN (" + USERS + ")", false),
            new Delete("account.users", "DELETE FROM account.users WHERE id IN (" + USERS + ")", false));

    /** Every table a reset clears, schema-qualified. */
    static final List<String> TABLES = DELETES.stream().map(Delete::table).toList();

    private static final Duration AUTOVACUUM_WAIT = Duration.ofSeconds(60);

    private final JdbcLogin login;
    private final String runId;

    /** @param runId the run's id in the names of everything it makes (see {@code Fixtures}) */
    public RoundReset(JdbcLogin login, String runId) {
        this.login = login;
        this.runId = runId;
    }

    /** Where the rounds start from: the newest concert and user now. */
    public Mark mark() {
        try (Connection c = login.connect();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT coalesce(max(id), 0) FROM concert.concerts),"
                     + " (SELECT coalesce(max(id), 0) FROM account.users)")) {
            rs.next();
            return new Mark(rs.getLong(1), rs.getLong(2));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark where the rounds start: " + e.getMessage(), e);
        }
    }

    /** Removes what this run made after {@code mark}, vacuums, checkpoints and waits for autovacuum. */
    public Result restore(Mark mark) {
        long start = System.nanoTime();
        Map<String, Long> removed = remove(mark);
        boolean checkpointed;
        try (Connection c = login.connect();
             Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE)");
            checkpointed = checkpoint(s);
        } catch (SQLException e) {
            throw new IllegalStateException("VACUUM after the reset failed: " + e.getMessage(), e);
        }
        int workers = awaitNoAutovacuum(AUTOVACUUM_WAIT);
        return new Result(removed, Duration.ofNanos(System.nanoTime() - start).toMillis(), checkpointed, workers);
    }

    Map<String, Long> remove(Mark mark) {
        Map<String, Long> removed = new LinkedHashMap<>();
        try (Connection c = login.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL session_replication_role = replica");
                for (Delete delete : DELETES) {
                    try (PreparedStatement p = c.prepareStatement(delete.sql())) {
                        p.setLong(1, delete.byConcert() ? mark.concertId() : mark.userId());
                        p.setString(2, delete.byConcert() ? "load " + runId + " %" : "load-" + runId + "-%");
                        removed.put(delete.table(), (long) p.executeUpdate());
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove the last round's rows (the reset needs a superuser login, as"
                    + " the harness's VACUUM does): " + e.getMessage(), e);
        }
        return removed;
    }

    private static boolean checkpoint(Statement s) {
        try {
            s.execute("CHECKPOINT");
            return true;
        } catch (SQLException e) {
            return false; // needs superuser or pg_checkpoint: the round then meets the server's own checkpoints
        }
    }

    /** Waits up to {@code limit} until no autovacuum worker runs in this database; returns how many still do (-1: unknown). */
    int awaitNoAutovacuum(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            int workers = autovacuumWorkers();
            if (workers <= 0 || System.nanoTime() > deadline) {
                return workers;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return workers;
            }
        }
    }

    private int autovacuumWorkers() {
        try (Connection c = login.connect();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE backend_type = 'autovacuum worker' AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
