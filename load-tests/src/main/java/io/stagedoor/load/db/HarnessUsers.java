package io.stagedoor.load.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's users, created straight in the app's PostgreSQL: a user row and its zero balance each, in batches (the
 * same two rows the account module writes at sign-up, without a password: these users come in with access tokens the
 * harness signs). Sign-up through the API hashes a password, slow on purpose; tens of thousands of users that way
 * would take minutes of set-up. The API's sign-up and sign-in are measured on their own (raw "accounts" section).
 * <b>Table names follow account-module's migrations</b>; change them here if a migration renames something.
 */
public final class HarnessUsers {

    static final String CREATE = """
            WITH created AS (
                INSERT INTO account.users (name, created_at)
                SELECT ? || '-' || n, now() FROM generate_series(1, ?) AS n
                RETURNING id)
            INSERT INTO account.balances (user_id, balance)
            SELECT id, 0 FROM created
            RETURNING user_id""";

    /**
     * Users who start with money: a user row, a balance and the CHARGE ledger entry that explains it (reference
     * "charge", as account-module's charges write), so "every balance equals its ledger sum" holds from the start.
     */
    static final String CREATE_CHARGED = """
            WITH created AS (
                INSERT INTO account.users (name, created_at)
                SELECT ? || '-' || n, now() FROM generate_series(1, ?) AS n
                RETURNING id),
            balances AS (
                INSERT INTO account.balances (user_id, balance)
                SELECT id, ? FROM created
                RETURNING user_id, balance)
            INSERT INTO account.ledger (user_id, type, amount, balance_after, reference, at)
            SELECT user_id, 'CHARGE', balance, balance, 'charge', now() FROM balances
            RETURNING user_id""";

    private static final int BATCH = 10_000;

    private final JdbcLogin login;

    public HarnessUsers(JdbcLogin login) {
        this.login = login;
    }

    /** {@code count} new users named {@code prefix-1..}, their ids in creation order. */
    public List<Long> create(String prefix, int count) {
        return create(prefix, count, 0);
    }

    /**
     * {@code count} new users, each with {@code balance} already charged (balance 0: no ledger entry), their ids in
     * creation order. Charging tens of thousands of fans through the API would be set-up time, not the sale.
     */
    public List<Long> create(String prefix, int count, long balance) {
        List<Long> ids = new ArrayList<>(count);
        try (Connection connection = login.connect();
             PreparedStatement create = connection.prepareStatement(balance > 0 ? CREATE_CHARGED : CREATE)) {
            for (int done = 0; done < count; done += BATCH) {
                create.setString(1, prefix + "-" + done);
                create.setInt(2, Math.min(BATCH, count - done));
                if (balance > 0) {
                    create.setLong(3, balance);
                }
                try (ResultSet created = create.executeQuery()) {
                    while (created.next()) {
                        ids.add(created.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the harness's users in " + login.url() + ": " + e.getMessage(), e);
        }
        ids.sort(null);
        return ids;
    }
}
