package io.stagedoor.account.adapter.out.persistence;

import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.application.port.out.BatchDebits;
import io.stagedoor.account.domain.EntryType;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Batched debits in PostgreSQL (schema {@code account}): the balance rows are locked in user order first
 * ({@code ORDER BY ... FOR UPDATE} locks in the sorted order, so overlapping batches queue instead of deadlocking), then
 * each is debited only if it covers its amount — re-checked on the newest row version — and every debited row feeds
 * its ledger INSERT in the same statement. So a balance and its ledger can never disagree, exactly as for one debit.
 */
final class PostgresBatchDebits implements BatchDebits {

    private static final String DEBIT_ALL = """
            WITH wanted AS (
                SELECT * FROM unnest(CAST(:userIds AS bigint[]), CAST(:amounts AS bigint[]), CAST(:references AS varchar[]))
                       AS w(user_id, amount, reference)
            ), locked AS MATERIALIZED (
                SELECT b.user_id FROM account.balances b JOIN wanted w ON b.user_id = w.user_id
                 ORDER BY b.user_id
                   FOR UPDATE OF b
            ), moved AS (
                UPDATE account.balances b
                   SET balance = b.balance - w.amount
                  FROM locked l, wanted w
                 WHERE b.user_id = l.user_id AND b.user_id = w.user_id AND b.balance >= w.amount
             RETURNING b.user_id, b.balance, w.amount, w.reference)
            INSERT INTO account.ledger (user_id, type, amount, balance_after, reference, at)
            SELECT user_id, :type, amount, balance, reference, :at FROM moved ORDER BY user_id
            RETURNING user_id, balance_after""".strip().replaceAll("\\s+", " ");

    private final DatabaseClient db;

    PostgresBatchDebits(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<List<BalanceChange>> debitAll(List<BalanceMovement> movements, EntryType type, Instant at) {
        return db.sql(DEBIT_ALL)
                .bind("userIds", movements.stream().map(movement -> movement.userId().value()).toArray(Long[]::new))
                .bind("amounts", movements.stream().map(movement -> movement.amount().value()).toArray(Long[]::new))
                .bind("references", movements.stream().map(BalanceMovement::reference).toArray(String[]::new))
                .bind("type", type.name())
                .bind("at", at)
                .map(row -> new BalanceChange(UserId.of(row.get("user_id", Long.class)),
                        Krw.of(row.get("balance_after", Long.class))))
                .all()
                .collectList();
    }
}
