package io.stagedoor.bootstrap.wiring;

import io.stagedoor.bootstrap.web.PublicRoutes;
import io.stagedoor.account.adapter.in.web.AccountRoutes;
import io.stagedoor.account.adapter.in.web.BalanceHandler;
import io.stagedoor.account.adapter.in.web.UserHandler;
import io.stagedoor.account.adapter.out.persistence.PostgresBatchDebits;
import io.stagedoor.account.adapter.out.persistence.PostgresLedger;
import io.stagedoor.account.adapter.out.persistence.PostgresUsers;
import io.stagedoor.account.api.BalanceHistoryQuery;
import io.stagedoor.account.api.ChargeBalanceUseCase;
import io.stagedoor.account.api.CreateUserUseCase;
import io.stagedoor.account.api.CreditBalanceUseCase;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.account.api.GetBalanceQuery;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.account.application.BalanceHistoryService;
import io.stagedoor.account.application.BalanceMoves;
import io.stagedoor.account.application.ChargeBalanceService;
import io.stagedoor.account.application.CreateUserService;
import io.stagedoor.account.application.CreditBalanceService;
import io.stagedoor.account.application.DebitBalanceService;
import io.stagedoor.account.application.DebitBalancesService;
import io.stagedoor.account.application.GetBalanceService;
import io.stagedoor.account.application.UserExistenceService;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.bootstrap.persistence.ModuleSchema;
import java.time.Clock;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The account module: users, balances and the ledger (schema {@code account}), its public routes, and its api ports
 * for the other modules (user existence for the queue, debit and credit for payments).
 *
 * <p>No TransactionalOperator is needed here: every balance change is one SQL statement (conditional UPDATE plus
 * ledger INSERT), atomic on its own, and {@link DatabaseClient} runs it inside the caller's transaction when the
 * caller (the payment) has one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccountWiring.AccountSettings.class)
public class AccountWiring {

    /**
     * {@code stagedoor.account.*}: the most one charge may add, and the most a balance may hold (KRW).
     * Env: STAGEDOOR_ACCOUNT_MAX_CHARGE, STAGEDOOR_ACCOUNT_MAX_BALANCE.
     */
    @ConfigurationProperties("stagedoor.account")
    public record AccountSettings(
            @DefaultValue("10000000") long maxCharge,
            @DefaultValue("100000000") long maxBalance) {
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

    @Bean
    CreateUserUseCase createUserUseCase(PostgresUsers accountUsers, Clock clock) {
        return new CreateUserService(accountUsers, clock);
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
    ChargeBalanceUseCase chargeBalanceUseCase(BalanceMoves accountBalanceMoves, ChargePolicy accountChargePolicy) {
        return new ChargeBalanceService(accountBalanceMoves, accountChargePolicy);
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

    @Bean
    PublicRoutes accountRoutes(CreateUserUseCase createUser, GetBalanceQuery getBalance,
                                                 ChargeBalanceUseCase chargeBalance,
                                                 BalanceHistoryQuery balanceHistory) {
        return new PublicRoutes(AccountRoutes.routes(
                new UserHandler(createUser),
                new BalanceHandler(getBalance, chargeBalance, balanceHistory)));
    }
}
