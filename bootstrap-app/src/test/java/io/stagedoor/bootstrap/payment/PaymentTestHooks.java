package io.stagedoor.bootstrap.payment;

import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Test-only wrappers around the real account debit and queue token expiry, put in front of them with {@code @Primary}
 * so the payment module gets these. Off by default: then they just delegate.
 *
 * <ul>
 *   <li>{@link #failAfterDebit}: the real debit runs (inside the payment's transaction), then the call fails — a
 *       failure injected after the debit, to prove everything rolls back. Batched payments' debit fails alike.</li>
 *   <li>{@link #deferTokenExpiry}: expiry requests are recorded instead of executed until {@link #expireDeferredTokens()}.
 *       Concurrency tests send 30 requests with one token; were the winner's token expired at once, requests still
 *       on their way would be stopped by the admission gate (401) and never reach the payment logic under test.</li>
 * </ul>
 */
@TestConfiguration(proxyBeanMethods = false)
public class PaymentTestHooks {

    public static final AtomicBoolean failAfterDebit = new AtomicBoolean();
    public static final AtomicBoolean deferTokenExpiry = new AtomicBoolean();
    public static final List<String> expiryRequests = new CopyOnWriteArrayList<>();
    private static volatile ExpireTokenUseCase realExpiry;
    private static volatile DebitBalanceUseCase realDebit;
    private static volatile DebitBalancesUseCase realBatchDebit;

    public static void reset() {
        failAfterDebit.set(false);
        deferTokenExpiry.set(false);
        expiryRequests.clear();
    }

    /** Runs the expiries that were deferred, with the real queue module. */
    public static void expireDeferredTokens() {
        Flux.fromIterable(List.copyOf(expiryRequests)).concatMap(realExpiry::expire).then().block();
    }

    /** Finds the real beans once, on the main thread after start-up (never on an event loop). */
    @Bean
    SmartInitializingSingleton paymentTestHooksResolver(ListableBeanFactory beans, DebitBalanceUseCase debitThatCanFailAfterwards,
                                                        DebitBalancesUseCase batchDebitThatCanFailAfterwards,
                                                        ExpireTokenUseCase expiryThatCanBeDeferred) {
        return () -> {
            realDebit = real(beans, DebitBalanceUseCase.class, debitThatCanFailAfterwards);
            realBatchDebit = real(beans, DebitBalancesUseCase.class, batchDebitThatCanFailAfterwards);
            realExpiry = real(beans, ExpireTokenUseCase.class, expiryThatCanBeDeferred);
        };
    }

    @Bean
    @Primary
    DebitBalanceUseCase debitThatCanFailAfterwards() {
        return new DebitBalanceUseCase() {
            @Override
            public Mono<BalanceChange> debit(BalanceMovement movement) {
                return realDebit.debit(movement)
                        .flatMap(change -> failAfterDebit.get()
                                ? Mono.error(new IllegalStateException("injected failure after the debit of " + movement))
                                : Mono.just(change));
            }
        };
    }

    /** The same for batched payments: the whole batch then rolls back and each payment runs on its own (and fails again). */
    @Bean
    @Primary
    DebitBalancesUseCase batchDebitThatCanFailAfterwards() {
        return new DebitBalancesUseCase() {
            @Override
            public Mono<List<BalanceChange>> debitAll(List<BalanceMovement> movements) {
                return realBatchDebit.debitAll(movements)
                        .flatMap(changes -> failAfterDebit.get()
                                ? Mono.error(new IllegalStateException("injected failure after the debits of " + movements))
                                : Mono.just(changes));
            }
        };
    }

    @Bean
    @Primary
    ExpireTokenUseCase expiryThatCanBeDeferred() {
        return new ExpireTokenUseCase() {
            @Override
            public Mono<Void> expire(String token) {
                expiryRequests.add(token);
                return deferTokenExpiry.get() ? Mono.empty() : realExpiry.expire(token);
            }
        };
    }

    /** The module's own bean of this type (the one that is not this wrapper). */
    private static <T> T real(ListableBeanFactory beans, Class<T> type, Object wrapper) {
        return beans.getBeansOfType(type).values().stream()
                .filter(bean -> bean != wrapper)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no real " + type.getSimpleName()));
    }
}
