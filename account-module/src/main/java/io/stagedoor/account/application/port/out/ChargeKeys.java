package io.stagedoor.account.application.port.out;

import io.stagedoor.account.domain.ChargeOutcome;
import io.stagedoor.account.domain.StoredCharge;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Idempotency-Keys of charges. Every method takes part in the caller's transaction: the claim, the charge and the
 * outcome commit together, so a committed key always carries its outcome.
 */
public interface ChargeKeys {

    /**
     * Claims the key for this charge. Emits true when this request inserted it; false when it already existed (the
     * insert waited for any concurrent owner's transaction to end), in which case {@link #stored} has it.
     */
    Mono<Boolean> claim(long userId, String key, long amount, Instant at);

    /** The charge a key was first used for, with its outcome. */
    Mono<StoredCharge> stored(long userId, String key);

    /** Writes the outcome of the charge this request claimed. */
    Mono<Void> complete(long userId, String key, ChargeOutcome outcome);

    /** Deletes up to {@code limit} keys created before {@code cutoff}; emits how many. */
    Mono<Long> purgeCreatedBefore(Instant cutoff, int limit);
}
