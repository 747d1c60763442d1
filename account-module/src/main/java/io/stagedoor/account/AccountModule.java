package io.stagedoor.account;

import io.stagedoor.account.adapter.in.web.AccountRoutes;
import io.stagedoor.account.adapter.in.web.BalanceHandler;
import io.stagedoor.account.adapter.in.web.SignInHandler;
import io.stagedoor.account.adapter.in.web.UserHandler;
import io.stagedoor.account.adapter.out.crypto.Argon2PasswordHasher;
import io.stagedoor.account.adapter.out.persistence.PostgresBatchDebits;
import io.stagedoor.account.adapter.out.persistence.PostgresChargeKeys;
import io.stagedoor.account.adapter.out.persistence.PostgresCredentials;
import io.stagedoor.account.adapter.out.persistence.PostgresExternalIdentities;
import io.stagedoor.account.adapter.out.persistence.PostgresLedger;
import io.stagedoor.account.adapter.out.persistence.PostgresUsers;
import io.stagedoor.account.adapter.out.persistence.SpringAccountTransactions;
import io.stagedoor.account.api.AccessTokenIssuer;
import io.stagedoor.account.api.BalanceHistoryQuery;
import io.stagedoor.account.api.ChargeBalanceUseCase;
import io.stagedoor.account.api.CreateUserUseCase;
import io.stagedoor.account.api.CreditBalanceUseCase;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.account.api.ExternalUserQuery;
import io.stagedoor.account.api.GetBalanceQuery;
import io.stagedoor.account.api.PurgeChargeKeysUseCase;
import io.stagedoor.account.api.SignInUseCase;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.account.application.BalanceHistoryService;
import io.stagedoor.account.application.BalanceMoves;
import io.stagedoor.account.application.ChargeBalanceService;
import io.stagedoor.account.application.CreateUserService;
import io.stagedoor.account.application.CreditBalanceService;
import io.stagedoor.account.application.DebitBalanceService;
import io.stagedoor.account.application.DebitBalancesService;
import io.stagedoor.account.application.ExternalUserService;
import io.stagedoor.account.application.GetBalanceService;
import io.stagedoor.account.application.PurgeChargeKeysService;
import io.stagedoor.account.application.SignInService;
import io.stagedoor.account.application.UserExistenceService;
import io.stagedoor.account.domain.ChargePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The account module put together, in plain Java: users, credentials, balances and the ledger (schema
 * {@code account}), from a {@link DatabaseClient}, a transaction operator, a clock and {@link Settings}. It hands out
 * only api ports and route groups; bootstrap-app's AccountWiring and the module tests build it the same way.
 *
 * <p>Every balance change is one SQL statement (conditional UPDATE plus ledger INSERT), atomic on its own, and the
 * {@link DatabaseClient} runs it inside the caller's transaction when the caller (a payment) has one; only a charge
 * with an Idempotency-Key opens a transaction of its own (key, charge and outcome commit together), through
 * {@code transactions}. Passwords are hashed on the module's own bounded pool: {@link #close()} stops it.
 */
public final class AccountModule implements AutoCloseable {

    /**
     * The most one charge may add and the most a balance may hold (KRW); how long charge Idempotency-Keys are kept;
     * the Argon2id cost (memory in KiB, iterations), the threads that hash and how many hashes may wait for them
     * before sign-ins and sign-ups are refused with 503.
     */
    public record Settings(long maxCharge, long maxBalance, Duration idempotencyRetention, int hashMemoryKib,
                           int hashIterations, int hashThreads, int hashQueue) {

        public Settings {
            Objects.requireNonNull(idempotencyRetention, "idempotencyRetention");
        }
    }

    private final DatabaseClient db;
    private final Clock clock;
    private final Argon2PasswordHasher hasher;
    private final CreateUserService createUser;
    private final UserExistenceService userExistence;
    private final GetBalanceService getBalance;
    private final ChargeBalanceService chargeBalance;
    private final PurgeChargeKeysService purgeChargeKeys;
    private final BalanceHistoryService balanceHistory;
    private final DebitBalanceService debitBalance;
    private final DebitBalancesService debitBalances;
    private final CreditBalanceService creditBalance;

    private AccountModule(DatabaseClient db, TransactionalOperator transactions, Clock clock, Settings settings) {
        this.db = db;
        this.clock = clock;
        ChargePolicy policy = new ChargePolicy(settings.maxCharge(), settings.maxBalance());
        this.hasher = new Argon2PasswordHasher(
                new Argon2PasswordHasher.Cost(settings.hashMemoryKib(), settings.hashIterations()),
                settings.hashThreads(), settings.hashQueue());
        PostgresUsers users = new PostgresUsers(db);
        PostgresLedger ledger = new PostgresLedger(db);
        BalanceMoves moves = new BalanceMoves(ledger, policy, clock);
        PostgresChargeKeys chargeKeys = new PostgresChargeKeys(db);
        this.createUser = new CreateUserService(users, hasher, clock);
        this.userExistence = new UserExistenceService(users);
        this.getBalance = new GetBalanceService(ledger);
        this.chargeBalance = new ChargeBalanceService(moves, policy, chargeKeys,
                new SpringAccountTransactions(transactions), clock);
        this.purgeChargeKeys = new PurgeChargeKeysService(chargeKeys, settings.idempotencyRetention(), clock);
        this.balanceHistory = new BalanceHistoryService(users, ledger);
        this.debitBalance = new DebitBalanceService(moves);
        this.debitBalances = new DebitBalancesService(new PostgresBatchDebits(db), clock);
        this.creditBalance = new CreditBalanceService(moves);
    }

    public static AccountModule assemble(DatabaseClient db, TransactionalOperator transactions, Clock clock,
                                         Settings settings) {
        return new AccountModule(Objects.requireNonNull(db), Objects.requireNonNull(transactions),
                Objects.requireNonNull(clock), Objects.requireNonNull(settings));
    }

    /** The signed-in user's own balance, its charges and history. */
    public RouterFunction<ServerResponse> ownBalanceRoutes() {
        return AccountRoutes.ownBalance(new BalanceHandler(getBalance, chargeBalance, balanceHistory));
    }

    /** The sign-up and sign-in routes (built-in token issuer only). */
    public RouterFunction<ServerResponse> signUpAndSignInRoutes(SignInUseCase signIn) {
        return AccountRoutes.signUpAndSignIn(new UserHandler(createUser), new SignInHandler(signIn));
    }

    // --- api ports ---------------------------------------------------------------------------------------------

    public CreateUserUseCase createUser() {
        return createUser;
    }

    /** Sign-in with a built-in issuer that signs the access tokens. */
    public SignInUseCase signIn(AccessTokenIssuer tokens) {
        return new SignInService(new PostgresCredentials(db), hasher, Objects.requireNonNull(tokens));
    }

    /** The users of an external issuer's subjects, remembered per instance (at most {@code subjectCache} of them). */
    public ExternalUserQuery externalUsers(long subjectCache) {
        return new ExternalUserService(new PostgresExternalIdentities(db), clock, subjectCache);
    }

    /** Used by the queue and by the payment list. */
    public UserExistenceQuery userExistence() {
        return userExistence;
    }

    public GetBalanceQuery getBalance() {
        return getBalance;
    }

    public ChargeBalanceUseCase chargeBalance() {
        return chargeBalance;
    }

    public PurgeChargeKeysUseCase purgeChargeKeys() {
        return purgeChargeKeys;
    }

    public BalanceHistoryQuery balanceHistory() {
        return balanceHistory;
    }

    /** Used by payments inside their transaction. */
    public DebitBalanceUseCase debitBalance() {
        return debitBalance;
    }

    /** The set-based debit of batched payments (one statement for the whole batch, in the payment's transaction). */
    public DebitBalancesUseCase debitBalances() {
        return debitBalances;
    }

    public CreditBalanceUseCase creditBalance() {
        return creditBalance;
    }

    /** Stops the password-hashing pool. */
    @Override
    public void close() {
        hasher.close();
    }
}
