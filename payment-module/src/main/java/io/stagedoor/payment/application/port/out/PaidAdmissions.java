package io.stagedoor.payment.application.port.out;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The admissions (queue tokens, as digests) that have paid. Joins the caller's transaction: a use is only final when
 * that transaction commits, and a concurrent use of the same admission waits for it. A batch marks and gives back its
 * admissions in its own statements ({@link PaymentBatches}).
 */
public interface PaidAdmissions {

    /** Marks the admission as paying in the caller's transaction; false when another payment used it first. */
    Mono<Boolean> use(String admission, long userId, Instant now);

    /** Deletes uses older than {@code cutoff}; emits how many. */
    Mono<Long> purgeBefore(Instant cutoff);
}
