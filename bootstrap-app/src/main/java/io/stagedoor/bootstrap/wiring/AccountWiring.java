package io.stagedoor.bootstrap.wiring;

import io.stagedoor.bootstrap.web.PublicRoutes;
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
import io.stagedoor.account.application.port.out.AccessTokenIssuer;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.bootstrap.persistence.ModuleSchema;
import io.stagedoor.bootstrap.scheduling.PeriodicTask;
import io.stagedoor.bootstrap.security.IdentityModes;
import io.stagedoor.bootstrap.security.IdentitySettings;
import io.stagedoor.bootstrap.web.UserRoutes;
import io.stagedoor.bootstrap.persistence.TransactionTimeLimit;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * The account module: users, their credentials, balances and the ledger (schema {@code account}), its routes, and its
 * api ports for the other modules (user existence for the queue, debit and credit for payments) and for the bearer
 * check (external subjects' users).
 *
 * <p>Every balance change is one SQL statement (conditional UPDATE plus ledger INSERT), atomic on its own, and
 * {@link DatabaseClient} runs it inside the caller's transaction when the caller (the payment) has one; only a charge
 * with an Idempotency-Key opens a transaction of its own (key, charge and outcome commit together).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccountWiring.AccountSettings.class)
public class AccountWiring {

    /**
     * {@code stagedoor.account.*}: the most one charge may add, and the most a balance may hold (KRW)
     * (STAGEDOOR_ACCOUNT_MAX_CHARGE, STAGEDOOR_ACCOUNT_MAX_BALANCE); how long charge Idempotency-Keys are kept (at least
     * PT24H) and how often old ones are purged (..._IDEMPOTENCY_RETENTION, ..._IDEMPOTENCY_PURGE_INTERVAL); and the
     * password hashing ({@link PasswordHashing}).
     */
    @ConfigurationProperties("stagedoor.account")
    public record AccountSettings(
            @DefaultValue("10000000") long maxCharge,
            @DefaultValue("100000000") long maxBalance,
            @DefaultValue("PT24H") Duration idempotencyRetention,
            @DefaultValue("PT1H") Duration idempotencyPurgeInterval,
            @DefaultValue PasswordHashing passwordHashing) {
    }

    /**
     * {@code stagedoor.account.password-hashing.*} (STAGEDOOR_ACCOUNT_PASSWORD_HASHING_...): the Argon2id cost (memory in
     * KiB, iterations; OWASP's m=19 MiB, t=2, p=1 by default, about 40 ms of one core here), the threads that hash
     * (0 = one per core) and how many hashes may wait for them before sign-ins and sign-ups are refused with 503.
     */
    public record PasswordHashing(@DefaultValue("19456") int memoryKib, @DefaultValue("2") int iterations,
                                  @DefaultValue("0") int threads, @DefaultValue("64") int queue) {

        int threadCount() {
            return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        }
    }

    @Bean
    ModuleSchema accountSchema() {
        return new ModuleSchema("account");
    }

    @Bean
    ChargePolicy accountChargePolicy(AccountSettings settings) {
        return new ChargePolicy(settings.maxCharge(), settings.maxBalance());
    }

    @Bean
    PostgresUsers accountUsers(DatabaseClient databaseClient) {
        return new PostgresUsers(databaseClient);
    }

    @Bean
    PostgresLedger accountLedger(DatabaseClient databaseClient) {
        return new PostgresLedger(databaseClient);
    }

    @Bean
    BalanceMoves accountBalanceMoves(PostgresLedger accountLedger, ChargePolicy accountChargePolicy, Clock clock) {
        return new BalanceMoves(accountLedger, accountChargePolicy, clock);
    }

    /** Hashes passwords on its own bounded pool, off the event loops; the dummy hash it makes costs one hash at start. */
    @Bean(destroyMethod = "close")
    Argon2PasswordHasher accountPasswordHasher(AccountSettings settings) {
        PasswordHashing hashing = settings.passwordHashing();
        return new Argon2PasswordHasher(new Argon2PasswordHasher.Cost(hashing.memoryKib(), hashing.iterations()),
                hashing.threadCount(), hashing.queue());
    }

    @Bean
    CreateUserUseCase createUserUseCase(PostgresUsers accountUsers, Argon2PasswordHasher accountPasswordHasher, Clock clock) {
        return new CreateUserService(accountUsers, accountPasswordHasher, clock);
    }

    /** Sign-in with the built-in issuer, which signs the access tokens. */
    @Bean
    @IdentityModes.OnBuiltInIssuer
    SignInUseCase signInUseCase(DatabaseClient databaseClient, Argon2PasswordHasher accountPasswordHasher,
                                AccessTokenIssuer accessTokenIssuer) {
        return new SignInService(new PostgresCredentials(databaseClient), accountPasswordHasher, accessTokenIssuer);
    }

    /** The users of an external issuer's subjects, remembered per instance (at most external.subject-cache of them). */
    @Bean
    @IdentityModes.OnExternalIssuer
    ExternalUserQuery externalUserQuery(DatabaseClient databaseClient, IdentitySettings identity, Clock clock) {
        return new ExternalUserService(new PostgresExternalIdentities(databaseClient), clock,
                identity.external().subjectCache());
    }

    @Bean
    UserExistenceQuery userExistenceQuery(PostgresUsers accountUsers) {
        return new UserExistenceService(accountUsers);
    }

    @Bean
    GetBalanceQuery getBalanceQuery(PostgresLedger accountLedger) {
        return new GetBalanceService(accountLedger);
    }

    @Bean
    PostgresChargeKeys accountChargeKeys(DatabaseClient databaseClient) {
        return new PostgresChargeKeys(databaseClient);
    }

    @Bean
    ChargeBalanceUseCase chargeBalanceUseCase(BalanceMoves accountBalanceMoves, ChargePolicy accountChargePolicy,
                                              PostgresChargeKeys accountChargeKeys, TransactionTimeLimit transactionTimeLimit, ReactiveTransactionManager transactions,
                                              Clock clock) {
        return new ChargeBalanceService(accountBalanceMoves, accountChargePolicy, accountChargeKeys,
                transactionTimeLimit.operator(transactions), clock);
    }

    @Bean
    PurgeChargeKeysUseCase purgeChargeKeysUseCase(PostgresChargeKeys accountChargeKeys, AccountSettings settings,
                                                  Clock clock) {
        return new PurgeChargeKeysService(accountChargeKeys, settings.idempotencyRetention(), clock);
    }

    /** Purges charge Idempotency-Keys past their retention every interval on this instance. */
    @Bean
    PeriodicTask chargeKeyPurge(PurgeChargeKeysUseCase purgeChargeKeysUseCase, AccountSettings settings) {
        return new PeriodicTask("charge Idempotency-Key purge", settings.idempotencyPurgeInterval(),
                purgeChargeKeysUseCase::purge);
    }

    @Bean
    BalanceHistoryQuery balanceHistoryQuery(PostgresUsers accountUsers, PostgresLedger accountLedger) {
        return new BalanceHistoryService(accountUsers, accountLedger);
    }

    @Bean
    DebitBalanceUseCase debitBalanceUseCase(BalanceMoves accountBalanceMoves) {
        return new DebitBalanceService(accountBalanceMoves);
    }

    /** The set-based debit of batched payments (one statement for the whole batch, in the payment's transaction). */
    @Bean
    DebitBalancesUseCase debitBalancesUseCase(DatabaseClient databaseClient, Clock clock) {
        return new DebitBalancesService(new PostgresBatchDebits(databaseClient), clock);
    }

    @Bean
    CreditBalanceUseCase creditBalanceUseCase(BalanceMoves accountBalanceMoves) {
        return new CreditBalanceService(accountBalanceMoves);
    }

    /** Sign-up and sign-in: only with the built-in issuer (with an external one they answer 404). */
    @Bean
    @IdentityModes.OnBuiltInIssuer
    PublicRoutes accountSignUpAndSignInRoutes(CreateUserUseCase createUser, SignInUseCase signIn) {
        return new PublicRoutes(AccountRoutes.signUpAndSignIn(new UserHandler(createUser), new SignInHandler(signIn)));
    }

    @Bean
    UserRoutes accountBalanceRoutes(GetBalanceQuery getBalance, ChargeBalanceUseCase chargeBalance,
                                    BalanceHistoryQuery balanceHistory) {
        return new UserRoutes(AccountRoutes.ownBalance(new BalanceHandler(getBalance, chargeBalance, balanceHistory)));
    }
}
