package io.stagedoor.payment.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * The admissions (queue tokens, as digests) that have paid. Joins the caller's transaction: a use is only final when
 * that transaction commits, and a concurrent use of the same admission waits for it.
 */
public interface PaidAdmissions {

    /** Marks the admission as paying in the caller's transaction; false when another payment used it first. */
    Mono<Boolean> use(String admission, long userId, Instant now);

    /** The same for many admissions at once (distinct); emits those that were free and are now this transaction's. */
    Mono<Set<String>> useAll(List<Use> uses, Instant now);

    /** Gives back admissions this transaction marked used but did not pay with (a batch's leavers). */
    Mono<Void> releaseAll(List<String> admissions);

    /** Deletes uses older than {@code cutoff}; emits how many. */
    Mono<Long> purgeBefore(Instant cutoff);

    record Use(String admission, long userId) {
    }
}
