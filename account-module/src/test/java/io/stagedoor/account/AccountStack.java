package io.stagedoor.account;

import io.stagedoor.account.adapter.out.persistence.PostgresLedger;
import io.stagedoor.account.adapter.out.persistence.PostgresUsers;
import io.stagedoor.account.api.BalanceHistoryQuery;
import io.stagedoor.account.api.ChargeBalanceUseCase;
import io.stagedoor.account.api.CreateUserCommand;
import io.stagedoor.account.api.CreateUserUseCase;
import io.stagedoor.account.api.CreditBalanceUseCase;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.GetBalanceQuery;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.account.application.BalanceHistoryService;
import io.stagedoor.account.application.BalanceMoves;
import io.stagedoor.account.application.ChargeBalanceService;
import io.stagedoor.account.application.CreateUserService;
import io.stagedoor.account.application.CreditBalanceService;
import io.stagedoor.account.application.DebitBalanceService;
import io.stagedoor.account.application.GetBalanceService;
import io.stagedoor.account.application.UserExistenceService;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;

/** The account module wired by hand over a real test database, the way bootstrap's AccountWiring does it. */
public final class AccountStack {

    public final TestDatabase db;
    public final ChargePolicy policy;
    public final CreateUserUseCase createUser;
    public final UserExistenceQuery userExistence;
    public final GetBalanceQuery getBalance;
    public final ChargeBalanceUseCase chargeBalance;
    public final BalanceHistoryQuery balanceHistory;
    public final DebitBalanceUseCase debitBalance;
    public final CreditBalanceUseCase creditBalance;

    public AccountStack(TestDatabase db, ChargePolicy policy, Clock clock) {
        this.db = db;
        this.policy = policy;
        PostgresUsers users = new PostgresUsers(db.databaseClient());
        PostgresLedger ledger = new PostgresLedger(db.databaseClient());
        BalanceMoves moves = new BalanceMoves(ledger, policy, clock);
        this.createUser = new CreateUserService(users, clock);
        this.userExistence = new UserExistenceService(users);
        this.getBalance = new GetBalanceService(ledger);
        this.chargeBalance = new ChargeBalanceService(moves, policy);
        this.balanceHistory = new BalanceHistoryService(users, ledger);
        this.debitBalance = new DebitBalanceService(moves);
        this.creditBalance = new CreditBalanceService(moves);
    }

    /** A fresh user with a zero balance. */
    public long newUser() {
        return createUser.create(new CreateUserCommand("test-user")).block().userId();
    }

    public long balanceInTable(long userId) {
        return db.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId);
    }

    public long ledgerEntries(long userId) {
        return db.queryForLong("SELECT count(*) FROM account.ledger WHERE user_id = " + userId);
    }

    /** The signed sum of the user's ledger: what the balance must be. */
    public long ledgerSum(long userId) {
        return db.queryForLong("""
                SELECT coalesce(sum(CASE WHEN type = 'PAYMENT' THEN -amount ELSE amount END), 0)
                  FROM account.ledger WHERE user_id = %d""".formatted(userId));
    }

    /**
     * Entries whose balance_after is not the running signed sum of the entries up to them in id order: 0 when the
     * ledger replays to every recorded balance, i.e. ids really are the order of the changes.
     */
    public long entriesDisagreeingWithTheirRunningSum(long userId) {
        return db.queryForLong("""
                SELECT count(*) FROM (
                    SELECT balance_after,
                           sum(CASE WHEN type = 'PAYMENT' THEN -amount ELSE amount END) OVER (ORDER BY id) AS running
                      FROM account.ledger WHERE user_id = %d) replay
                 WHERE balance_after <> running""".formatted(userId));
    }
}
