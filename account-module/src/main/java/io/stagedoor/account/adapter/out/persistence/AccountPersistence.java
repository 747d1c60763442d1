package io.stagedoor.account.adapter.out.persistence;

import io.stagedoor.account.application.port.out.AccountTransactions;
import io.stagedoor.account.application.port.out.BatchDebits;
import io.stagedoor.account.application.port.out.ChargeKeys;
import io.stagedoor.account.application.port.out.Credentials;
import io.stagedoor.account.application.port.out.ExternalIdentities;
import io.stagedoor.account.application.port.out.Ledger;
import io.stagedoor.account.application.port.out.Users;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The account schema's adapters over one transaction-aware {@link DatabaseClient}, handed out as the application's
 * outbound ports; the adapters themselves stay package-private.
 */
public final class AccountPersistence {

    private final DatabaseClient db;

    public AccountPersistence(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    public Users users() {
        return new PostgresUsers(db);
    }

    public Ledger ledger() {
        return new PostgresLedger(db);
    }

    public ChargeKeys chargeKeys() {
        return new PostgresChargeKeys(db);
    }

    public BatchDebits batchDebits() {
        return new PostgresBatchDebits(db);
    }

    public Credentials credentials() {
        return new PostgresCredentials(db);
    }

    public ExternalIdentities externalIdentities() {
        return new PostgresExternalIdentities(db);
    }

    /** The module's own transaction boundary, over the app's operator (its time limit included). */
    public static AccountTransactions transactions(TransactionalOperator operator) {
        return new SpringAccountTransactions(operator);
    }
}
