package io.stagedoor.load.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * Does for a run what PostgreSQL's autovacuum does for a production server: clears dead rows and refreshes the
 * planner's statistics before a section sets up and measures. A run writes hundreds of thousands of rows (seats held
 * and sold, reservations, balances, idempotency keys, most of them updated again); on a server with autovacuum off
 * they pile up run after run and every later write wades through them — payments measured 0.22x of the PostgreSQL
 * ceiling with 527,000 dead seat rows left by earlier runs, 0.28–0.33x right after a VACUUM, on one machine.
 *
 * <p>The vacuum runs <em>before</em> a section's set-up, never between set-up and pass: what the section itself
 * writes stays as dead or unanalysed as it would be seconds after a sale opened (autovacuum does not act that fast
 * either). Set-up only: nothing here is measured.
 */
public final class DatabaseUpkeep {

    /** {@code --vacuum}: AUTO vacuums only when the server's autovacuum is off. */
    public enum Mode {
        AUTO, ALWAYS, NEVER;

        public static Mode parse(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--vacuum must be auto, always or never, not '" + value + "'");
            }
        }
    }

    private final JdbcLogin login;
    private final Mode mode;
    private Boolean vacuuming;

    public DatabaseUpkeep(JdbcLogin login, Mode mode) {
        this.login = login;
        this.mode = mode;
    }

    /** Whether a run vacuums before its sections, given the mode and the server's {@code autovacuum} setting. */
    static boolean vacuums(Mode mode, boolean serverAutovacuums) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> !serverAutovacuums;
        };
    }

    /**
     * What this run does about dead rows, for the report header (asks the server once; a server it cannot reach is
     * left alone, and the sections then fail on their own).
     */
    public String describe() {
        if (!vacuuming()) {
            return mode == Mode.NEVER ? "no VACUUM between sections (--vacuum never)"
                    : "no VACUUM between sections (the server autovacuums)";
        }
        return mode == Mode.ALWAYS ? "VACUUM ANALYZE before each section's set-up (--vacuum always)"
                : "VACUUM ANALYZE before each section's set-up: the server's autovacuum is off (--vacuum auto)";
    }

    /** Vacuums and analyses the whole database when this run vacuums; says how long it took. */
    public void beforeSection(String section) {
        if (!vacuuming()) {
            return;
        }
        long start = System.nanoTime();
        vacuum();
        System.out.printf("  vacuumed before %s in %d ms%n", section,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /** {@code VACUUM (ANALYZE)} of every table the user may vacuum (it cannot run inside a transaction: autocommit). */
    void vacuum() {
        try (Connection c = login.connect();
             Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE)");
        } catch (SQLException e) {
            throw new IllegalStateException("VACUUM before a section failed: " + e.getMessage(), e);
        }
    }

    private boolean vacuuming() {
        if (vacuuming == null) {
            vacuuming = vacuums(mode, mode == Mode.AUTO && serverAutovacuums()); // only AUTO asks the server
        }
        return vacuuming;
    }

    private boolean serverAutovacuums() {
        try (Connection c = login.connect();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW autovacuum")) {
            return !rs.next() || "on".equalsIgnoreCase(rs.getString(1));
        } catch (SQLException e) {
            return true;
        }
    }
}
