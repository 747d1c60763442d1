package io.stagedoor.account.application;

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
import io.stagedoor.account.application.port.out.AccountTransactions;
import io.stagedoor.account.application.port.out.BatchDebits;
import io.stagedoor.account.application.port.out.ChargeKeys;
import io.stagedoor.account.application.port.out.Credentials;
import io.stagedoor.account.application.port.out.ExternalIdentities;
import io.stagedoor.account.application.port.out.Ledger;
import io.stagedoor.account.application.port.out.PasswordHasher;
import io.stagedoor.account.application.port.out.Users;
import io.stagedoor.account.domain.ChargePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The account application's services, built for the module's assembly and handed out as api ports only; the services
 * behind them stay package-private.
 */
public final class AccountServices {

    /** The account schema's ports. */
    public record Store(Users users, Ledger ledger, ChargeKeys chargeKeys, BatchDebits batchDebits,
                        Credentials credentials, ExternalIdentities externalIdentities) {

        public Store {
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(chargeKeys, "chargeKeys");
            Objects.requireNonNull(batchDebits, "batchDebits");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(externalIdentities, "externalIdentities");
        }
    }

    private final Store store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final CreateUserService createUser;
    private final UserExistenceService userExistence;
    private final GetBalanceService getBalance;
    private final ChargeBalanceService chargeBalance;
    private final PurgeChargeKeysService purgeChargeKeys;
    private final BalanceHistoryService balanceHistory;
    private final DebitBalanceService debitBalance;
    private final DebitBalancesService debitBalances;
    private final CreditBalanceService creditBalance;

    /** {@code policy}: what one charge may add and a balance hold; charge keys are kept {@code chargeKeyRetention}. */
    public AccountServices(Store store, PasswordHasher hasher, AccountTransactions transactions, Clock clock,
                           ChargePolicy policy, Duration chargeKeyRetention) {
        this.store = Objects.requireNonNull(store);
        this.hasher = Objects.requireNonNull(hasher);
        this.clock = Objects.requireNonNull(clock);
        BalanceMoves moves = new BalanceMoves(store.ledger(), policy, clock);
        this.createUser = new CreateUserService(store.users(), hasher, clock);
        this.userExistence = new UserExistenceService(store.users());
        this.getBalance = new GetBalanceService(store.ledger());
        this.chargeBalance = new ChargeBalanceService(moves, policy, store.chargeKeys(), transactions, clock);
        this.purgeChargeKeys = new PurgeChargeKeysService(store.chargeKeys(), chargeKeyRetention, clock);
        this.balanceHistory = new BalanceHistoryService(store.users(), store.ledger());
        this.debitBalance = new DebitBalanceService(moves);
        this.debitBalances = new DebitBalancesService(store.batchDebits(), clock);
        this.creditBalance = new CreditBalanceService(moves);
    }

    public CreateUserUseCase createUser() {
        return createUser;
    }

    /** Sign-in with a built-in issuer that signs the access tokens. */
    public SignInUseCase signIn(AccessTokenIssuer tokens) {
        return new SignInService(store.credentials(), hasher, Objects.requireNonNull(tokens));
    }

    /** The users of an external issuer's subjects, remembered per instance (at most {@code subjectCache} of them). */
    public ExternalUserQuery externalUsers(long subjectCache) {
        return new ExternalUserService(store.externalIdentities(), clock, subjectCache);
    }

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

    public DebitBalanceUseCase debitBalance() {
        return debitBalance;
    }

    public DebitBalancesUseCase debitBalances() {
        return debitBalances;
    }

    public CreditBalanceUseCase creditBalance() {
        return creditBalance;
    }
}
