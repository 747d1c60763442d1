package io.stagedoor.account;

import io.stagedoor.account.api.AccessToken;
import io.stagedoor.account.api.AccessTokenIssuer;
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
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The account module over a real test database, built by its production assembly ({@link AccountModule}) as
 * bootstrap's AccountWiring builds it. Passwords are hashed at a cheap cost ({@link #CHEAP_MEMORY_KIB} KiB, one
 * iteration; the cost is configuration and what these tests prove does not depend on it), and the access tokens come
 * from {@link #TOKENS}, which only says whom it was asked for: signing is the application's.
 */
public final class AccountStack implements AutoCloseable {

    public static final int CHEAP_MEMORY_KIB = 64;
    public static final Password PASSWORD = Password.of("correct horse battery");
    /** Stands in for the application's token signer: the "token" names the user it was issued for. */
    public static final AccessTokenIssuer TOKENS = userId -> new AccessToken("token-for-" + userId, AccessToken.BEARER, 900, userId.value());

    public final TestDatabase db;
    public final ChargePolicy policy;
    public final AccountModule module;
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
        this(db, policy, clock, CHEAP_MEMORY_KIB, 1, 2, 1_000);
    }

    /** With the given Argon2id cost (memory in KiB, iterations), hashing threads and queue. */
    public AccountStack(TestDatabase db, ChargePolicy policy, Clock clock, int hashMemoryKib, int hashIterations,
                        int hashThreads, int hashQueue) {
        this.db = db;
        this.policy = policy;
        this.module = AccountModule.assemble(db.databaseClient(),
                TransactionalOperator.create(new R2dbcTransactionManager(db.connectionFactory())), clock,
                new AccountModule.Settings(policy.maxCharge(), policy.maxBalance(), Duration.ofHours(24), hashMemoryKib,
                        hashIterations, hashThreads, hashQueue));
        this.createUser = module.createUser();
        this.signIn = module.signIn(TOKENS);
        this.externalUsers = module.externalUsers(10_000);
        this.userExistence = module.userExistence();
        this.getBalance = module.getBalance();
        this.chargeBalance = module.chargeBalance();
        this.balanceHistory = module.balanceHistory();
        this.debitBalance = module.debitBalance();
        this.creditBalance = module.creditBalance();
    }

    /** Stops the module's password-hashing pool. */
    @Override
    public void close() {
        module.close();
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
