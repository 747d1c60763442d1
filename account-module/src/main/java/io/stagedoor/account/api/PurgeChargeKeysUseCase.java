package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/** Forgets charge Idempotency-Keys older than their retention; emits how many were removed. */
public interface PurgeChargeKeysUseCase {

    Mono<Long> purge();
}
