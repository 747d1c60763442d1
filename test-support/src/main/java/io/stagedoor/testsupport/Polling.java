package io.stagedoor.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in a test for what another thread, instance or server does, bounded, instead of a fixed sleep. */
public final class Polling {

    private Polling() {
    }

    /**
     * Checks {@code condition} at once and then every {@code interval} until it holds or {@code limit} has passed.
     * Returns whether it held; the caller asserts, so the failure names what was awaited.
     */
    public static boolean within(Duration limit, Duration interval, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(interval.toMillis());
        }
        return true;
    }
}
