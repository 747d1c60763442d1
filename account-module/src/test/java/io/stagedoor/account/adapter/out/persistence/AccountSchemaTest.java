package io.stagedoor.account.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.account.AccountStack;
import io.stagedoor.account.api.ChargeCommand;
import io.stagedoor.account.api.CreateUserCommand;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.testsupport.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema's own guards and the demo data script. */
class AccountSchemaTest {

    private TestDatabase db;
    private AccountStack account;

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.create("account");
        account = new AccountStack(db, new ChargePolicy(10_000_000, 100_000_000), Clock.systemUTC());
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void ledgerIsAppendOnly() {
        long userId = account.newUser();
        account.chargeBalance.charge(new ChargeCommand(userId, 1_000)).block();

        assertThatThrownBy(() -> db.execute("UPDATE account.ledger SET amount = 1 WHERE user_id = " + userId))
                .hasRootCauseMessage("ERROR: account.ledger is append-only: UPDATE refused\n"
                        + "  Where: PL/pgSQL function account.ledger_is_append_only() line 3 at RAISE");
        assertThatThrownBy(() -> db.execute("DELETE FROM account.ledger WHERE user_id = " + userId))
                .rootCause().hasMessageContaining("append-only: DELETE refused");
        assertThat(db.queryForLong("SELECT amount FROM account.ledger WHERE user_id = " + userId)).isEqualTo(1_000);
    }

    @Test
    void balanceCanNeverBeNegativeEvenForAWriteThatBypassesTheModule() {
        long userId = account.newUser();

        assertThatThrownBy(() -> db.execute("UPDATE account.balances SET balance = -1 WHERE user_id = " + userId))
                .rootCause().hasMessageContaining("balances_balance_check");
        assertThat(account.balanceInTable(userId)).isZero();
    }

    @Test
    void demoDataHasUsersOneToThousandWithZeroBalanceAndCanRunTwice() throws IOException {
        String demo = demoScript();

        db.execute(demo);
        db.execute(demo);

        assertThat(db.queryForLong("SELECT count(*) FROM account.users WHERE id BETWEEN 1 AND 1000")).isEqualTo(1000);
        assertThat(db.queryForLong("SELECT count(*) FROM account.users")).isEqualTo(1000);
        assertThat(db.queryForLong("SELECT count(*) FROM account.balances WHERE balance = 0")).isEqualTo(1000);
        assertThat(db.queryForLong("SELECT count(*) FROM account.users WHERE name = 'demo-user-' || id")).isEqualTo(1000);
        assertThat(account.userExistence.exists(1).block()).isTrue();
        assertThat(account.userExistence.exists(1000).block()).isTrue();
    }

    @Test
    void usersRegisteredAfterTheDemoDataGetFreshIds() throws IOException {
        db.execute(demoScript());

        long userId = account.createUser.create(new CreateUserCommand("Kim", AccountStack.PASSWORD)).block().userId();

        assertThat(userId).isEqualTo(1001);
    }

    @Test
    void demoDataKeepsBalancesAndUsersThatAlreadyExist() throws IOException {
        long kim = account.createUser.create(new CreateUserCommand("Kim", AccountStack.PASSWORD)).block().userId();
        account.chargeBalance.charge(new ChargeCommand(kim, 5_000)).block();

        db.execute(demoScript());
        long next = account.createUser.create(new CreateUserCommand("Lee", AccountStack.PASSWORD)).block().userId();

        assertThat(db.queryForLong("SELECT count(*) FROM account.users WHERE id = %d AND name = 'Kim'".formatted(kim)))
                .isEqualTo(1);
        assertThat(account.balanceInTable(kim)).isEqualTo(5_000);
        assertThat(next).isEqualTo(1001);
    }

    private static String demoScript() throws IOException {
        try (InputStream in = AccountSchemaTest.class.getResourceAsStream("/db/demo/account.sql")) {
            assertThat(in).as("db/demo/account.sql on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
