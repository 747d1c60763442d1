package io.stagedoor.load.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.testsupport.TestDatabase;
import io.stagedoor.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On the real PostgreSQL, with the app's own migrations: a reset removes this run's later rows and nothing else. */
class RoundResetTest {

    private static final String RUN = "abc123";
    private static final List<String> SCHEMAS = List.of("account", "concert", "payment");

    private TestDatabase database;
    private JdbcLogin login;

    @BeforeEach
    void migrateTheAppsSchemas() {
        database = TestDatabase.create();
        var server = TestServers.postgres();
        login = new JdbcLogin(database.jdbcUrl(), server.username(), server.password());
        Path repository = repositoryRoot();
        for (String schema : SCHEMAS) {
            // the migrations as the app runs them, read from the modules' sources (the harness does not depend on them)
            Flyway.configure()
                    .dataSource(database.jdbcUrl(), server.username(), server.password())
                    .schemas(schema)
                    .locations("filesystem:" + repository.resolve(schema + "-module/src/main/resources/db/migration/" + schema))
                    .load()
                    .migrate();
        }
    }

    @AfterEach
    void dropTheDatabase() {
        database.close();
    }

    @Test
    void aResetKnowsEveryTableOfTheAppsSchemas() {
        Set<String> tables = new HashSet<>();
        try (Connection c = login.connect();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                     + " WHERE table_schema IN ('account', 'concert', 'payment') AND table_type = 'BASE TABLE'"
                     + " AND table_name <> 'flyway_schema_history'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }

        assertThat(tables).as("a migration added a table: add it to RoundReset's deletes (or say there why a round"
                + " never writes it)").containsExactlyInAnyOrderElementsOf(RoundReset.TABLES);
    }

    @Test
    void aResetRemovesWhatThisRunMadeAfterTheMarkAndKeepsEverythingElse() {
        long before = reservation(concert("Spring tour"));
        fan("alice", before);
        RoundReset reset = new RoundReset(login, RUN);
        RoundReset.Mark mark = reset.mark();
        long ours = reservation(concert("load " + RUN + " holds"));
        fan("load-" + RUN + "-3-0-1", ours);
        long otherRun = reservation(concert("load zzz999 holds"));
        fan("load-zzz999-3-0-1", otherRun);
        long someoneElse = reservation(concert("Autumn tour"));
        fan("bob", someoneElse);

        RoundReset.Result result = reset.restore(mark);

        assertThat(count("concert.concerts")).isEqualTo(3);
        assertThat(count("concert.schedules")).isEqualTo(3);
        assertThat(count("concert.seats")).isEqualTo(6);
        assertThat(count("concert.reservations")).isEqualTo(3);
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE id = " + ours)).isZero();
        for (String table : List.of("account.users", "account.balances", "account.credentials", "account.external_identities",
                "account.charge_keys", "payment.payments", "payment.payment_history", "payment.idempotency_keys",
                "payment.paid_admissions")) {
            assertThat(count(table)).as(table).isEqualTo(3);
        }
        assertThat(count("account.ledger")).as("two entries of each fan left").isEqualTo(6);
        assertThat(database.queryForLong("SELECT count(*) FROM account.users WHERE name LIKE 'load-" + RUN + "-%'")).isZero();
        assertThat(result.removed()).containsEntry("account.ledger", 2L).containsEntry("concert.seats", 2L)
                .containsEntry("payment.payment_history", 1L).containsEntry("account.users", 1L);
        assertThat(result.rows()).isEqualTo(2 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1);
        assertThat(result.checkpointed()).isTrue();
        assertThat(result.autovacuumWorkers()).isZero();
        assertThat(result.describe()).contains("removed 16 rows", "account.ledger 2", "CHECKPOINT");
    }

    @Test
    void theAppsSessionsStillMayNotRewriteTheLedgerAfterAReset() {
        RoundReset reset = new RoundReset(login, RUN);
        RoundReset.Mark mark = reset.mark();
        fan("load-" + RUN + "-1-0-1", reservation(concert("load " + RUN + " payments")));
        fan("carol", reservation(concert("Winter tour")));

        reset.restore(mark);

        assertThatThrownBy(() -> database.execute("DELETE FROM account.ledger"))
                .rootCause().hasMessageContaining("account.ledger is append-only");
        assertThat(count("account.ledger")).isEqualTo(2);
    }

    @Test
    void aSecondResetFromTheSameMarkFindsNothingMoreToRemove() {
        RoundReset reset = new RoundReset(login, RUN);
        RoundReset.Mark mark = reset.mark();
        fan("load-" + RUN + "-1-0-1", reservation(concert("load " + RUN + " payments")));
        reset.restore(mark);

        assertThat(reset.restore(mark).rows()).isZero();
    }

    /** A concert with one schedule of two seats; returns the schedule's id. */
    private long concert(String title) {
        long concert = database.queryForLong("INSERT INTO concert.concerts (title) VALUES ('" + title + "') RETURNING id");
        long schedule = database.queryForLong("INSERT INTO concert.schedules (concert_id, starts_at) VALUES (" + concert
                + ", now() + interval '30 days') RETURNING id");
        database.execute("INSERT INTO concert.seats (schedule_id, seat_number, price) VALUES (" + schedule + ", 1, 1000), ("
                + schedule + ", 2, 1000)");
        return schedule;
    }

    /** An expired reservation of seat 1 of the schedule (its fan is filled in by {@link #fan}); returns its id. */
    private long reservation(long schedule) {
        return database.queryForLong("INSERT INTO concert.reservations (user_id, concert_id, schedule_id, seat_number, price,"
                + " status, expires_at, created_at, updated_at) SELECT 0, concert_id, id, 1, 1000, 'EXPIRED', now(), now(), now()"
                + " FROM concert.schedules WHERE id = " + schedule + " RETURNING id");
    }

    /** A fan with a row in every account and payment table, who paid {@code reservation}. */
    private void fan(String name, long reservation) {
        long user = database.queryForLong("INSERT INTO account.users (name, created_at) VALUES ('" + name + "', now()) RETURNING id");
        database.execute("UPDATE concert.reservations SET user_id = " + user + " WHERE id = " + reservation);
        database.execute("INSERT INTO account.balances (user_id, balance) VALUES (" + user + ", 4000)");
        database.execute("INSERT INTO account.ledger (user_id, type, amount, balance_after, reference, at) VALUES ("
                + user + ", 'CHARGE', 5000, 5000, 'charge', now()), (" + user + ", 'PAYMENT', 1000, 4000, 'payment', now())");
        database.execute("INSERT INTO account.credentials (user_id, password_hash, created_at) VALUES (" + user
                + ", '$argon2id$v=19$test', now())");
        database.execute("INSERT INTO account.external_identities (issuer, subject, user_id, created_at) VALUES ('idp', '"
                + name + "', " + user + ", now())");
        database.execute("INSERT INTO account.charge_keys (user_id, idem_key, amount, status, balance_after, created_at)"
                + " VALUES (" + user + ", 'k', 5000, 200, 5000, now())");
        long payment = database.queryForLong("INSERT INTO payment.payments (reservation_id, user_id, amount, status, paid_at)"
                + " VALUES (" + reservation + ", " + user + ", 1000, 'COMPLETED', now()) RETURNING id");
        database.execute("INSERT INTO payment.payment_history (payment_id, event, amount, occurred_at) VALUES (" + payment
                + ", 'COMPLETED', 1000, now())");
        database.execute("INSERT INTO payment.idempotency_keys (user_id, idem_key, fingerprint, state, claimed_at,"
                + " response_status, response_body, created_at, completed_at) VALUES (" + user + ", 'k', repeat('0', 64),"
                + " 'COMPLETED', now(), 201, '{}', now(), now())");
        database.execute("INSERT INTO payment.paid_admissions (admission, user_id, paid_at) VALUES (md5('" + name
                + "') || md5('" + name + "'), " + user + ", now())");
    }

    private long count(String table) {
        return database.queryForLong("SELECT count(*) FROM " + table);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("concert-module/src/main/resources/db/migration"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository: the modules' migrations are read from their sources");
        }
        return dir;
    }
}
