package io.stagedoor.account.application.port.out;

import io.stagedoor.account.api.ExternalSubject;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** The users of external issuers' subjects. */
public interface ExternalIdentities {

    /** The user of the subject; empty when the subject has never been seen. */
    Mono<Long> userOf(ExternalSubject subject);

    /**
     * Creates the subject's mapping with a new user and zero balance, in one statement decided by the mapping's primary
     * key; empty when the subject already had a user (a concurrent first request won), which then {@link #userOf} finds.
     */
    Mono<Long> createUserFor(ExternalSubject subject, String name, Instant at);
}
