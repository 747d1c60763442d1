package io.stagedoor.account;

import io.stagedoor.account.adapter.in.web.AccountRoutes;
import io.stagedoor.account.adapter.out.crypto.PasswordHashing;
import io.stagedoor.account.adapter.out.persistence.AccountPersistence;
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
import io.stagedoor.account.application.AccountServices;
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

    private final PasswordHashing hashing;
    private final AccountServices services;

    private AccountModule(DatabaseClient db, TransactionalOperator transactions, Clock clock, Settings settings) {
        this.hashing = new PasswordHashing(settings.hashMemoryKib(), settings.hashIterations(), settings.hashThreads(),
                settings.hashQueue());
        AccountPersistence persistence = new AccountPersistence(db);
        this.services = new AccountServices(
                new AccountServices.Store(persistence.users(), persistence.ledger(), persistence.chargeKeys(),
                        persistence.batchDebits(), persistence.credentials(), persistence.externalIdentities()),
                hashing.hasher(), AccountPersistence.transactions(transactions), clock,
                new ChargePolicy(settings.maxCharge(), settings.maxBalance()), settings.idempotencyRetention());
    }

    public static AccountModule assemble(DatabaseClient db, TransactionalOperator transactions, Clock clock,
                                         Settings settings) {
        return new AccountModule(Objects.requireNonNull(db), Objects.requireNonNull(transactions),
                Objects.requireNonNull(clock), Objects.requireNonNull(settings));
    }

    /** The signed-in user's own balance, its charges and history. */
    public RouterFunction<ServerResponse> ownBalanceRoutes() {
        return AccountRoutes.ownBalance(services.getBalance(), services.chargeBalance(), services.balanceHistory());
    }

    /** The sign-up and sign-in routes (built-in token issuer only). */
    public RouterFunction<ServerResponse> signUpAndSignInRoutes(SignInUseCase signIn) {
        return AccountRoutes.signUpAndSignIn(services.createUser(), signIn);
    }

    // --- api ports ---------------------------------------------------------------------------------------------

    public CreateUserUseCase createUser() {
        return services.createUser();
    }

    /** Sign-in with a built-in issuer that signs the access tokens. */
    public SignInUseCase signIn(AccessTokenIssuer tokens) {
        return services.signIn(tokens);
    }

    /** The users of an external issuer's subjects, remembered per instance (at most {@code subjectCache} of them). */
    public ExternalUserQuery externalUsers(long subjectCache) {
        return services.externalUsers(subjectCache);
    }

    /** Used by the queue and by the payment list. */
    public UserExistenceQuery userExistence() {
        return services.userExistence();
    }

    public GetBalanceQuery getBalance() {
        return services.getBalance();
    }

    public ChargeBalanceUseCase chargeBalance() {
        return services.chargeBalance();
    }

    public PurgeChargeKeysUseCase purgeChargeKeys() {
        return services.purgeChargeKeys();
    }

    public BalanceHistoryQuery balanceHistory() {
        return services.balanceHistory();
    }

    /** Used by payments inside their transaction. */
    public DebitBalanceUseCase debitBalance() {
        return services.debitBalance();
    }

    /** The set-based debit of batched payments (one statement for the whole batch, in the payment's transaction). */
    public DebitBalancesUseCase debitBalances() {
        return services.debitBalances();
    }

    public CreditBalanceUseCase creditBalance() {
        return services.creditBalance();
    }

    /** Stops the password-hashing pool. */
    @Override
    public void close() {
        hashing.close();
    }
}
