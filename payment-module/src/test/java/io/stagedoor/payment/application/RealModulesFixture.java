package io.stagedoor.payment.application;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Mono;

/**
 * The payment tests' fixture over {@link RealModules}: every database a test opens is dropped after it
 * ({@code @RegisterExtension}), and a use case's answer — its receipt or the error the client would get — is a value,
 * so the threads of a race collect both alike.
 */
final class RealModulesFixture implements AfterEachCallback {

    private final List<RealModules> opened = new CopyOnWriteArrayList<>();

    /** Real modules over a fresh test database of their own. */
    RealModules open() {
        RealModules modules = new RealModules();
        opened.add(modules);
        return modules;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        opened.forEach(RealModules::close);
        opened.clear();
    }

    /** Starts {@code call}; completes with its receipt or with its error (never exceptionally). */
    static CompletableFuture<Object> start(Mono<?> call) {
        return call.map(receipt -> (Object) receipt).onErrorResume(Mono::just).toFuture();
    }
}
