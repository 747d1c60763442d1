package io.stagedoor.load.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The money and seat invariants (docs/architecture.md, Invariants) checked directly in PostgreSQL over JDBC after a run.
 * <p>
 * <b>All table and column names live in the SQL constants below</b>; they follow the account, concert and payment
 * migrations (account-module/src/main/resources/db/migration/account, concert-module/..., payment-module/...).
 * If a migration renames something, change it here only. Each query returns the violating rows (none = holds).
 */
public final class DatabaseInvariants {

    /** A seat sold more than once: more than one CONFIRMED reservation for the same schedule and seat. */
    public static final String SEATS_SOLD_TWICE = """
            SELECT schedule_id, seat_number, count(*) AS sold
              FROM concert.reservations
             WHERE status = 'CONFIRMED'
             GROUP BY schedule_id, seat_number
            HAVING count(*) > 1
            """;

    /** A balance that is not the sum of its ledger entries (CHARGE and REFUND add, PAYMENT subtracts). */
    public static final String LEDGER_NOT_BALANCE = """
            SELECT b.user_id, b.balance, coalesce(l.total, 0) AS ledger_total
              FROM account.balances b
              LEFT JOIN (SELECT user_id,
                                sum(CASE WHEN type = 'PAYMENT' THEN -amount ELSE amount END) AS total
                           FROM account.ledger
                          GROUP BY user_id) l ON l.user_id = b.user_id
             WHERE b.balance <> coalesce(l.total, 0)
            """;

    /** A negative balance. */
    public static final String NEGATIVE_BALANCES = """
            SELECT user_id, balance FROM account.balances WHERE balance < 0
            """;

    /** A reservation paid more than once. */
    public static final String PAID_TWICE = """
            SELECT reservation_id, count(*) AS payments
              FROM payment.payments
             GROUP BY reservation_id
            HAVING count(*) > 1
            """;

    /** A payment whose reservation is not CONFIRMED (money taken, seat not sold). */
    public static final String PAID_NOT_CONFIRMED = """
            SELECT p.id AS payment_id, p.reservation_id, r.status AS reservation_status
              FROM payment.payments p
              LEFT JOIN concert.reservations r ON r.id = p.reservation_id
             WHERE r.status IS DISTINCT FROM 'CONFIRMED'
            """;

    /** A CONFIRMED reservation without a payment (seat sold, no money), or whose seat row is not SOLD to it. */
    public static final String CONFIRMED_NOT_PAID_OR_NOT_SOLD = """
            SELECT r.id AS reservation_id, s.status AS seat_status, s.reservation_id AS seat_reservation, p.id AS payment_id
              FROM concert.reservations r
              JOIN concert.seats s ON s.schedule_id = r.schedule_id AND s.seat_number = r.seat_number
              LEFT JOIN payment.payments p ON p.reservation_id = r.id
             WHERE r.status = 'CONFIRMED'
               AND (p.id IS NULL OR s.status <> 'SOLD' OR s.reservation_id IS DISTINCT FROM r.id)
            """;

    /** A payment without exactly one PAYMENT ledger entry of its amount (reference "payment:{id}", docs/api.md). */
    public static final String PAYMENT_NOT_IN_LEDGER = """
            SELECT p.id AS payment_id, p.amount, count(l.id) AS entries, sum(l.amount) AS debited
              FROM payment.payments p
              LEFT JOIN account.ledger l ON l.type = 'PAYMENT' AND l.user_id = p.user_id AND l.reference = 'payment:' || p.id
             GROUP BY p.id, p.amount
            HAVING count(l.id) <> 1 OR sum(l.amount) <> p.amount
            """;

    /** A fan with more than 4 tickets (CONFIRMED reservations) for one concert. */
    public static final String MORE_THAN_FOUR_TICKETS = """
            SELECT r.user_id, sc.concert_id, count(*) AS tickets
              FROM concert.reservations r
              JOIN concert.schedules sc ON sc.id = r.schedule_id
             WHERE r.status = 'CONFIRMED'
             GROUP BY r.user_id, sc.concert_id
            HAVING count(*) > 4
            """;

    /** Seats sold in the given schedules (a comma list of ids is substituted for %s). */
    public static final String SOLD_SEATS_OF_SCHEDULES = """
            SELECT count(*) FROM concert.reservations WHERE status = 'CONFIRMED' AND schedule_id IN (%s)
            """;

    public record Check(String name, String sql, List<String> violations) {
        public boolean holds() {
            return violations.isEmpty();
        }
    }

    private final JdbcLogin login;

    public DatabaseInvariants(JdbcLogin login) {
        this.login = login;
    }

    public List<Check> checkAll() {
        List<Check> checks = new ArrayList<>();
        checks.add(check("no seat sold twice", SEATS_SOLD_TWICE));
        checks.add(check("every balance equals its ledger sum", LEDGER_NOT_BALANCE));
        checks.add(check("no negative balance", NEGATIVE_BALANCES));
        checks.add(check("at most one payment per reservation", PAID_TWICE));
        checks.add(check("every payment's reservation is CONFIRMED", PAID_NOT_CONFIRMED));
        checks.add(check("every CONFIRMED reservation is paid and its seat SOLD to it", CONFIRMED_NOT_PAID_OR_NOT_SOLD));
        checks.add(check("every payment is one PAYMENT ledger entry of its amount", PAYMENT_NOT_IN_LEDGER));
        checks.add(check("at most 4 tickets per fan and concert", MORE_THAN_FOUR_TICKETS));
        return checks;
    }

    /** Runs one invariant query; an SQL error is reported as a violation that names the query to fix. */
    public Check check(String name, String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection c = login.connect();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next() && rows.size() < 20) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(i > 1 ? ", " : "").append(meta.getColumnLabel(i)).append('=').append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            rows.add("query failed (adjust DatabaseInvariants): " + e.getMessage().lines().findFirst().orElse(""));
        }
        return new Check(name, sql, rows);
    }

    /** A single number, e.g. how many seats of some schedules are sold. */
    public long count(String sql) {
        try (Connection c = login.connect();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1;
        }
    }
}
