package io.stagedoor.account.adapter.out.persistence;

import io.r2dbc.spi.Readable;
import io.stagedoor.account.application.port.out.Ledger;
import io.stagedoor.account.domain.EntryType;
import io.stagedoor.account.domain.LedgerEntry;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ledger in PostgreSQL (schema {@code account}). Each balance change is one statement: a conditional UPDATE of
 * the balance whose RETURNING row feeds the ledger INSERT. No read-then-write, no window between the two writes,
 * one round trip; concurrent changes of one user queue on the balance row's lock and re-check the condition.
 * Built on {@link DatabaseClient}, so every statement runs in the subscriber's transaction when there is one.
 */
final class PostgresLedger implements Ledger {

    private static final String CREDIT = """
            WITH moved AS (
                UPDATE account.balances
                   SET balance = balance + :amount
                 WHERE user_id = :userId AND balance <= :ceiling
             RETURNING user_id, balance)
            INSERT INTO account.ledger (user_id, type, amount, balance_after, reference, at)
            SELECT user_id, :type, :amount, balance, :reference, :at FROM moved
            RETURNING balance_after""";

    private static final String DEBIT = """
            WITH moved AS (
                UPDATE account.balances
                   SET balance = balance - :amount
                 WHERE user_id = :userId AND balance >= :amount
             RETURNING user_id, balance)
            INSERT INTO account.ledger (user_id, type, amount, balance_after, reference, at)
            SELECT user_id, :type, :amount, balance, :reference, :at FROM moved
            RETURNING balance_after""";

    private static final String BALANCE = "SELECT balance FROM account.balances WHERE user_id = :userId";

    private static final String NEWEST_FIRST = """
            SELECT id, type, amount, balance_after, reference, at
              FROM account.ledger
             WHERE user_id = :userId AND id < :beforeId
             ORDER BY id DESC
             LIMIT :limit""";

    private final DatabaseClient db;

    PostgresLedger(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Long> credit(long userId, long amount, long ceiling, EntryType type, String reference, Instant at) {
        return db.sql(CREDIT)
                .bind("userId", userId)
                .bind("amount", amount)
                .bind("ceiling", ceiling)
                .bind("type", type.name())
                .bind("reference", reference)
                .bind("at", at)
                .map(row -> row.get("balance_after", Long.class))
                .one();
    }

    @Override
    public Mono<Long> debit(long userId, long amount, EntryType type, String reference, Instant at) {
        return db.sql(DEBIT)
                .bind("userId", userId)
                .bind("amount", amount)
                .bind("type", type.name())
                .bind("reference", reference)
                .bind("at", at)
                .map(row -> row.get("balance_after", Long.class))
                .one();
    }

    @Override
    public Mono<Long> balanceOf(long userId) {
        return db.sql(BALANCE)
                .bind("userId", userId)
                .map(row -> row.get("balance", Long.class))
                .one();
    }

    @Override
    public Flux<Listed> newestFirst(long userId, Long beforeId, int limit) {
        // keyset paging on the (user_id, id DESC) index: no offset to skip, and entries added meanwhile move nothing
        return db.sql(NEWEST_FIRST)
                .bind("userId", userId)
                .bind("beforeId", beforeId == null ? Long.MAX_VALUE : beforeId)
                .bind("limit", limit)
                .map(row -> new Listed(row.get("id", Long.class), toEntry(row)))
                .all();
    }

    private static LedgerEntry toEntry(Readable row) {
        return new LedgerEntry(
                EntryType.valueOf(row.get("type", String.class)),
                row.get("amount", Long.class),
                row.get("balance_after", Long.class),
                row.get("reference", String.class),
                row.get("at", OffsetDateTime.class).toInstant());
    }
}
