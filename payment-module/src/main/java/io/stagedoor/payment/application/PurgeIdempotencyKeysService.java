package io.stagedoor.payment.application;

import io.stagedoor.payment.api.PurgeIdempotencyKeysUseCase;
import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.domain.IdempotencyRetention;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** Forgets Idempotency-Keys once they are older than the retention (never less than 24 h). */
public final class PurgeIdempotencyKeysService implements PurgeIdempotencyKeysUseCase {

    private final IdempotencyKeys keys;
    private final IdempotencyRetention retention;
    private final Clock clock;

    public PurgeIdempotencyKeysService(IdempotencyKeys keys, IdempotencyRetention retention, Clock clock) {
        this.keys = keys;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Long> purge() {
        return Mono.defer(() -> keys.purgeCreatedBefore(retention.purgeBefore(clock.instant())));
    }
}
