package io.stagedoor.account.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.account.AccountStack;
import io.stagedoor.account.api.BalanceLimitExceededException;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.ChargeCommand;
import io.stagedoor.account.api.InsufficientBalanceException;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant 4 under contention: many threads released at once against the same balances, then the tables are read.
 * A balance never goes below zero, nothing is lost or counted twice, and the ledger always sums to the balance.
 */
class BalanceConcurrencyTest {

    private static final int THREADS = 100;


    private static TestDatabase db;
    private static AccountStack account;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create("account");
        account = new AccountStack(db, new ChargePolicy(10_000_000, 100_000_000), Clock.systemUTC());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void hundredConcurrentChargesOfOneUserAreAllCountedExactlyOnce() throws Exception {
        long userId = account.newUser();

        // Charge i is i KRW, so a lost or doubled update shows in the total.
        List<Outcome> outcomes = race(THREADS, THREADS,
                i -> () -> account.chargeBalance.charge(new ChargeCommand(userId, i + 1)).block());

        long expected = (long) THREADS * (THREADS + 1) / 2;
        assertThat(outcomes).allMatch(Outcome::succeeded);
        assertThat(account.balanceInTable(userId)).isEqualTo(expected);
        assertThat(account.ledgerEntries(userId)).isEqualTo(THREADS);
        assertThat(account.ledgerSum(userId)).isEqualTo(expected);
        assertThat(db.queryForLong("SELECT count(DISTINCT amount) FROM account.ledger WHERE user_id = " + userId))
                .isEqualTo(THREADS);
        assertThat(account.entriesDisagreeingWithTheirRunningSum(userId)).isZero();
    }

    @Test
    void hundredConcurrentDebitsTakeExactlyWhatTheBalanceAffordsAndNeverGoBelowZero() throws Exception {
        long userId = account.newUser();
        long price = 300;
        long start = 10_000;
        account.chargeBalance.charge(new ChargeCommand(userId, start)).block();
        long affordable = start / price;

        List<Outcome> outcomes = race(THREADS, THREADS,
                i -> () -> account.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(price), "payment:" + i)).block());

        assertThat(outcomes.stream().filter(Outcome::succeeded)).hasSize((int) affordable);
        assertThat(outcomes.stream().filter(outcome -> !outcome.succeeded()))
                .hasSize(THREADS - (int) affordable)
                .allMatch(outcome -> outcome.failure() instanceof InsufficientBalanceException);
        assertThat(account.balanceInTable(userId)).isEqualTo(start - affordable * price);
        assertThat(db.queryForLong("SELECT count(*) FROM account.ledger WHERE user_id = %d AND type = 'PAYMENT'"
                .formatted(userId))).isEqualTo(affordable);
        assertThat(db.queryForLong("SELECT min(balance_after) FROM account.ledger WHERE user_id = " + userId))
                .isGreaterThanOrEqualTo(0);
        assertThat(account.ledgerSum(userId)).isEqualTo(account.balanceInTable(userId));
        assertThat(account.entriesDisagreeingWithTheirRunningSum(userId)).isZero();
    }

    /**
     * Property: after any interleaving of charges, payments and refunds on a few users, each user's ledger sums to
     * the balance, every recorded balance_after replays from the entries before it, and the balance equals what the
     * callers were told succeeded. Seeded; the seed is in every failure message.
     */
    @Test
    void afterAnyMixOfChargesDebitsAndRefundsTheLedgerSumsToTheBalance() throws Exception {
        long[] seeds = {20261224L, 7L, 42L, System.nanoTime()};
        for (long seed : seeds) {
            checkLedgerAgreesWithBalanceAfterRandomMix(seed);
        }
    }

    private void checkLedgerAgreesWithBalanceAfterRandomMix(long seed) throws Exception {
        // A tight policy so that limits and shortfalls are hit often, not only the happy path.
        AccountStack tight = new AccountStack(db, new ChargePolicy(50_000, 120_000), Clock.systemUTC());
        int userCount = 4;
        long[] users = new long[userCount];
        for (int u = 0; u < userCount; u++) {
            users[u] = tight.newUser();
        }
        Random random = new Random(seed);
        int operations = 300;
        List<Operation> plan = new ArrayList<>();
        for (int i = 0; i < operations; i++) {
            plan.add(new Operation(random.nextInt(userCount), random.nextInt(3), 1 + random.nextInt(50_000)));
        }
        AtomicLongArray confirmed = new AtomicLongArray(userCount);
        AtomicInteger rejected = new AtomicInteger();

        List<Outcome> outcomes = race(32, operations, i -> () -> {
            Operation op = plan.get(i);
            long userId = users[op.user()];
            try {
                switch (op.kind()) {
                    case 0 -> tight.chargeBalance.charge(new ChargeCommand(userId, op.amount())).block();
                    case 1 -> tight.debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(op.amount()), "payment:" + i)).block();
                    default -> tight.creditBalance.credit(new BalanceMovement(UserId.of(userId), Krw.of(op.amount()), "refund:" + i)).block();
                }
                confirmed.addAndGet(op.user(), op.kind() == 1 ? -op.amount() : op.amount());
            } catch (BalanceLimitExceededException | InsufficientBalanceException expectedRefusal) {
                rejected.incrementAndGet();
            }
            return null;
        });

        assertThat(outcomes).as("seed %d: only limit/insufficient refusals are acceptable", seed)
                .allMatch(Outcome::succeeded);
        assertThat(rejected.get()).as("seed %d: some operations must be refused", seed).isPositive();
        for (int u = 0; u < userCount; u++) {
            long userId = users[u];
            long balance = tight.balanceInTable(userId);
            assertThat(balance).as("seed %d user %d balance within [0, max]", seed, userId).isBetween(0L, 120_000L);
            assertThat(tight.ledgerSum(userId)).as("seed %d user %d ledger sum", seed, userId).isEqualTo(balance);
            assertThat(confirmed.get(u)).as("seed %d user %d confirmed moves", seed, userId).isEqualTo(balance);
            assertThat(tight.entriesDisagreeingWithTheirRunningSum(userId)).as("seed %d user %d replay", seed, userId)
                    .isZero();
        }
        assertThat(db.queryForLong("SELECT count(*) FROM account.ledger WHERE user_id IN (%d, %d, %d, %d)"
                .formatted(users[0], users[1], users[2], users[3])))
                .as("seed %d: one entry per confirmed move", seed)
                .isEqualTo(operations - rejected.get());
    }

    private record Operation(int user, int kind, long amount) {
    }

    private record Outcome(Object value, Throwable failure) {

        boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * Runs tasks 0..count-1 on {@code threads} threads that all start at the same moment (one latch), each taking the
     * next task as soon as it is done with its previous one.
     */
    private static List<Outcome> race(int threads, int count, IntFunction<Callable<?>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger next = new AtomicInteger();
        Outcome[] outcomes = new Outcome[count];
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        try {
                            outcomes[i] = new Outcome(task.apply(i).call(), null);
                        } catch (Throwable failure) {
                            outcomes[i] = new Outcome(null, failure);
                        }
                    }
                    return null;
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads ready").isTrue();
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            return List.of(outcomes);
        } finally {
            pool.shutdownNow();
        }
    }
}
