package io.stagedoor.account;

import io.stagedoor.account.adapter.out.crypto.Argon2PasswordHasher;
import io.stagedoor.account.adapter.out.persistence.PostgresChargeKeys;
import io.stagedoor.account.adapter.out.persistence.PostgresCredentials;
import io.stagedoor.account.adapter.out.persistence.PostgresExternalIdentities;
import io.stagedoor.account.adapter.out.persistence.PostgresLedger;
import io.stagedoor.account.adapter.out.persistence.PostgresUsers;
import io.stagedoor.account.api.AccessToken;
import io.stagedoor.account.api.BalanceHistoryQuery;
import io.stagedoor.account.api.ChargeBalanceUseCase;
import io.stagedoor.account.api.CreateUserCommand;
import io.stagedoor.account.api.CreateUserUseCase;
import io.stagedoor.account.api.CreditBalanceUseCase;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.ExternalUserQuery;
import io.stagedoor.account.api.GetBalanceQuery;
import io.stagedoor.account.api.Password;
import io.stagedoor.account.api.SignInUseCase;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.account.application.BalanceHistoryService;
import io.stagedoor.account.application.BalanceMoves;
import io.stagedoor.account.application.ChargeBalanceService;
import io.stagedoor.account.application.CreateUserService;
import io.stagedoor.account.application.CreditBalanceService;
import io.stagedoor.account.application.DebitBalanceService;
import io.stagedoor.account.application.ExternalUserService;
import io.stagedoor.account.application.GetBalanceService;
import io.stagedoor.account.application.SignInService;
import io.stagedoor.account.application.UserExistenceService;
import io.stagedoor.account.api.AccessTokenIssuer;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The account module wired by hand over a real test database, the way bootstrap's AccountWiring does it. Passwords
 * are hashed at {@link #CHEAP} cost (the cost is configuration; what these tests prove does not depend on it), and the
 * access tokens come from {@link #TOKENS}, which only says whom it was asked for: signing is the application's.
 */
public final class AccountStack {

    public static final Argon2PasswordHasher.Cost CHEAP = new Argon2PasswordHasher.Cost(64, 1);
    public static final Password PASSWORD = Password.of("correct horse battery");
    /** Stands in for the application's token signer: the "token" names the user it was issued for. */
    public static final AccessTokenIssuer TOKENS = userId -> new AccessToken("token-for-" + userId, AccessToken.BEARER, 900, userId);

    public final TestDatabase db;
    public final ChargePolicy policy;
    public final Argon2PasswordHasher hasher;
    public final CreateUserUseCase createUser;
    public final SignInUseCase signIn;
    public final ExternalUserQuery externalUsers;
    public final UserExistenceQuery userExistence;
    public final GetBalanceQuery getBalance;
    public final ChargeBalanceUseCase chargeBalance;
    public final BalanceHistoryQuery balanceHistory;
    public final DebitBalanceUseCase debitBalance;
    public final CreditBalanceUseCase creditBalance;

    public AccountStack(TestDatabase db, ChargePolicy policy, Clock clock) {
        this(db, policy, clock, new Argon2PasswordHasher(CHEAP, 2, 1_000));
    }

    public AccountStack(TestDatabase db, ChargePolicy policy, Clock clock, Argon2PasswordHasher hasher) {
        this.db = db;
        this.policy = policy;
        this.hasher = hasher;
        PostgresUsers users = new PostgresUsers(db.databaseClient());
        PostgresLedger ledger = new PostgresLedger(db.databaseClient());
        BalanceMoves moves = new BalanceMoves(ledger, policy, clock);
        TransactionalOperator transaction = TransactionalOperator.create(new R2dbcTransactionManager(db.connectionFactory()));
        this.createUser = new CreateUserService(users, hasher, clock);
        this.signIn = new SignInService(new PostgresCredentials(db.databaseClient()), hasher, TOKENS);
        this.externalUsers = new ExternalUserService(new PostgresExternalIdentities(db.databaseClient()), clock, 10_000);
        this.userExistence = new UserExistenceService(users);
        this.getBalance = new GetBalanceService(ledger);
        this.chargeBalance = new ChargeBalanceService(moves, policy, new PostgresChargeKeys(db.databaseClient()),
                transaction, clock);
        this.balanceHistory = new BalanceHistoryService(users, ledger);
        this.debitBalance = new DebitBalanceService(moves);
        this.creditBalance = new CreditBalanceService(moves);
    }

    /** A fresh user with a zero balance and the password {@link #PASSWORD}. */
    public long newUser() {
        return newUser("test-user");
    }

    public long newUser(String name) {
        return createUser.create(new CreateUserCommand(name, PASSWORD)).block().userId();
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
