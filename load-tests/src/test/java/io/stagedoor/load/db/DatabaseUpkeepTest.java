package io.stagedoor.load.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.load.db.DatabaseUpkeep.Mode;
import io.stagedoor.testsupport.TestDatabase;
import io.stagedoor.testsupport.TestServers;
import org.junit.jupiter.api.Test;

class DatabaseUpkeepTest {

    @Test
    void autoVacuumsOnlyWhenTheServerDoesNot() {
        assertThat(DatabaseUpkeep.vacuums(Mode.AUTO, false)).isTrue();
        assertThat(DatabaseUpkeep.vacuums(Mode.AUTO, true)).isFalse();
        assertThat(DatabaseUpkeep.vacuums(Mode.ALWAYS, true)).isTrue();
        assertThat(DatabaseUpkeep.vacuums(Mode.NEVER, false)).isFalse();
    }

    @Test
    void aModeIsOneOfAutoAlwaysNever() {
        assertThat(Mode.parse("Always")).isEqualTo(Mode.ALWAYS);
        assertThatThrownBy(() -> Mode.parse("sometimes")).hasMessageContaining("--vacuum");
    }

    @Test
    void aVacuumClearsTheDeadRowsAndAnalysesTheTablesOnTheRealServer() {
        try (TestDatabase database = TestDatabase.create()) {
            database.execute("CREATE TABLE seats (id int PRIMARY KEY, status text)");
            database.execute("INSERT INTO seats SELECT g, 'FREE' FROM generate_series(1, 5000) g");
            database.execute("UPDATE seats SET status = 'HELD'"); // 5,000 dead row versions, nothing all-visible
            assertThat(plannedRows(database)).as("never analysed").isEqualTo(-1);
            var server = TestServers.postgres();
            DatabaseUpkeep upkeep = new DatabaseUpkeep(
                    new JdbcLogin(database.jdbcUrl(), server.username(), server.password()), Mode.ALWAYS);

            upkeep.beforeSection("payments");

            // read from the catalogs VACUUM and ANALYZE write, not from the statistics views (asynchronous before
            // PostgreSQL 15, and the embedded test server may be older)
            assertThat(database.queryForLong("SELECT count(*) FROM pg_stats WHERE tablename = 'seats'"))
                    .as("column statistics from the ANALYZE").isEqualTo(2);
            assertThat(plannedRows(database)).isEqualTo(5000);
            assertThat(database.queryForLong("SELECT relallvisible FROM pg_class WHERE relname = 'seats'"))
                    .as("pages left with only live rows, marked all-visible").isPositive();
        }
    }

    private static long plannedRows(TestDatabase database) {
        return database.queryForLong("SELECT reltuples::bigint FROM pg_class WHERE relname = 'seats'");
    }
}
