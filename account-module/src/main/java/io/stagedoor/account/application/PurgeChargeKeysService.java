package io.stagedoor.account.application;

import io.stagedoor.account.api.PurgeChargeKeysUseCase;
import io.stagedoor.account.application.port.out.ChargeKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Deletes charge Idempotency-Keys older than the retention, in bounded batches until a batch comes back short. The
 * retention is at least a day, so a client retrying a charge after a timeout always finds its key.
 */
final class PurgeChargeKeysService implements PurgeChargeKeysUseCase {

    public static final Duration MINIMUM_RETENTION = Duration.ofHours(24);
    static final int BATCH = 500;

    private final ChargeKeys keys;
    private final Duration retention;
    private final Clock clock;

    PurgeChargeKeysService(ChargeKeys keys, Duration retention, Clock clock) {
        if (retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("stagedoor.account.idempotency-retention must be at least "
                    + MINIMUM_RETENTION + ", was " + retention);
        }
        this.keys = keys;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Long> purge() {
        return Mono.defer(() -> purgeFrom(clock.instant().minus(retention), 0));
    }

    private Mono<Long> purgeFrom(Instant cutoff, long soFar) {
        return keys.purgeCreatedBefore(cutoff, BATCH)
                .flatMap(deleted -> deleted < BATCH ? Mono.just(soFar + deleted) : purgeFrom(cutoff, soFar + deleted));
    }
}
