package io.stagedoor.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lettuce guards its command writer with a short-held lock ({@code SharedLock}). When two threads write at the same
 * moment, one parks briefly; on an event-loop thread BlockHound turns that park into an error thrown from the middle
 * of the lock's bookkeeping, which leaves the lock's writer count wrong and hangs the connection for good (seen as a
 * spinning Lettuce event loop). The wait is bounded and by design, so it is allowed here. Loaded by BlockHound
 * through {@code META-INF/services}.
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "unlockWritersExclusive");
    }
}
