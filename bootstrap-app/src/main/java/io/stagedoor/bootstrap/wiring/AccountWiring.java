package io.stagedoor.bootstrap.wiring;

import io.stagedoor.account.AccountModule;
import io.stagedoor.account.api.AccessTokenIssuer;
import io.stagedoor.account.api.CreateUserUseCase;
import io.stagedoor.account.api.CreditBalanceUseCase;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.account.api.ExternalUserQuery;
import io.stagedoor.account.api.SignInUseCase;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.bootstrap.persistence.ModuleSchema;
import io.stagedoor.bootstrap.persistence.TransactionTimeLimit;
import io.stagedoor.bootstrap.scheduling.PeriodicTask;
import io.stagedoor.bootstrap.security.IdentityModes;
import io.stagedoor.bootstrap.security.IdentitySettings;
import io.stagedoor.bootstrap.web.PublicRoutes;
import io.stagedoor.bootstrap.web.UserRoutes;
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
 * Exports the account module ({@link AccountModule}: users, their credentials, balances and the ledger, schema
 * {@code account}): reads its settings, exports its api ports for the other modules (user existence for the queue,
 * debit and credit for payments) and for the bearer check (external subjects' users), its routes, and runs the purge of
 * old charge Idempotency-Keys.
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

    /** Closed with the context: that stops its password-hashing pool (the dummy hash it makes costs one hash at start). */
    @Bean(destroyMethod = "close")
    AccountModule accountModule(DatabaseClient databaseClient, TransactionTimeLimit transactionTimeLimit,
                                ReactiveTransactionManager transactions, Clock clock, AccountSettings settings) {
        PasswordHashing hashing = settings.passwordHashing();
        return AccountModule.assemble(databaseClient, transactionTimeLimit.operator(transactions), clock,
                new AccountModule.Settings(settings.maxCharge(), settings.maxBalance(), settings.idempotencyRetention(),
                        hashing.memoryKib(), hashing.iterations(), hashing.threadCount(), hashing.queue()));
    }

    @Bean
    CreateUserUseCase createUserUseCase(AccountModule accountModule) {
        return accountModule.createUser();
    }

    /** Sign-in with the built-in issuer, which signs the access tokens. */
    @Bean
    @IdentityModes.OnBuiltInIssuer
    SignInUseCase signInUseCase(AccountModule accountModule, AccessTokenIssuer accessTokenIssuer) {
        return accountModule.signIn(accessTokenIssuer);
    }

    /** The users of an external issuer's subjects, remembered per instance (at most external.subject-cache of them). */
    @Bean
    @IdentityModes.OnExternalIssuer
    ExternalUserQuery externalUserQuery(AccountModule accountModule, IdentitySettings identity) {
        return accountModule.externalUsers(identity.external().subjectCache());
    }

    @Bean
    UserExistenceQuery userExistenceQuery(AccountModule accountModule) {
        return accountModule.userExistence();
    }

    @Bean
    DebitBalanceUseCase debitBalanceUseCase(AccountModule accountModule) {
        return accountModule.debitBalance();
    }

    /** The set-based debit of batched payments (one statement for the whole batch, in the payment's transaction). */
    @Bean
    DebitBalancesUseCase debitBalancesUseCase(AccountModule accountModule) {
        return accountModule.debitBalances();
    }

    @Bean
    CreditBalanceUseCase creditBalanceUseCase(AccountModule accountModule) {
        return accountModule.creditBalance();
    }

    /** Purges charge Idempotency-Keys past their retention every interval on this instance. */
    @Bean
    PeriodicTask chargeKeyPurge(AccountModule accountModule, AccountSettings settings) {
        return new PeriodicTask("charge Idempotency-Key purge", settings.idempotencyPurgeInterval(),
                accountModule.purgeChargeKeys()::purge);
    }

    /** Sign-up and sign-in: only with the built-in issuer (with an external one they answer 404). */
    @Bean
    @IdentityModes.OnBuiltInIssuer
    PublicRoutes accountSignUpAndSignInRoutes(AccountModule accountModule, SignInUseCase signIn) {
        return new PublicRoutes(accountModule.signUpAndSignInRoutes(signIn));
    }

    @Bean
    UserRoutes accountBalanceRoutes(AccountModule accountModule) {
        return new UserRoutes(accountModule.ownBalanceRoutes());
    }
}
