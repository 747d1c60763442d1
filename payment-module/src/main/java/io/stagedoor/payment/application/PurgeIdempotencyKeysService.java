package io.stagedoor.payment.application;

import io.stagedoor.payment.api.PurgeIdempotencyKeysUseCase;
import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.application.port.out.PaidAdmissions;
import io.stagedoor.payment.domain.IdempotencyRetention;
import java.time.Clock;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Forgets Idempotency-Keys once they are older than the retention (never less than 24 h), and the paid admissions
 * with them (a queue token's session is minutes long; a day later its admission cannot be used again anyway).
 */
final class PurgeIdempotencyKeysService implements PurgeIdempotencyKeysUseCase {

    private final IdempotencyKeys keys;
    private final PaidAdmissions admissions;
    private final IdempotencyRetention retention;
    private final Clock clock;

    PurgeIdempotencyKeysService(IdempotencyKeys keys, PaidAdmissions admissions, IdempotencyRetention retention,
                                       Clock clock) {
        this.keys = keys;
        this.admissions = admissions;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Mono<Long> purge() {
        return Mono.defer(() -> {
            Instant cutoff = retention.purgeBefore(clock.instant());
            return keys.purgeCreatedBefore(cutoff).flatMap(purged -> admissions.purgeBefore(cutoff).thenReturn(purged));
        });
    }
}
