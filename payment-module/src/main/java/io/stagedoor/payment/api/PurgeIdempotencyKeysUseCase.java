package io.stagedoor.payment.api;

import reactor.core.publisher.Mono;

/**
 * Deletes stored Idempotency-Keys older than the retention (at least 24 h). Safe to run on every instance at once:
 * it deletes in small batches, skipping rows another instance is deleting. Emits how many keys went.
 */
public interface PurgeIdempotencyKeysUseCase {

    Mono<Long> purge();
}
