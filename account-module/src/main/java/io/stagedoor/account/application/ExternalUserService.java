package io.stagedoor.account.application;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stagedoor.account.api.CreateUserCommand;
import io.stagedoor.account.api.ExternalSubject;
import io.stagedoor.account.api.ExternalUserQuery;
import io.stagedoor.account.application.port.out.ExternalIdentities;
import io.stagedoor.common.id.UserId;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * Maps an external issuer's subject to its user, creating the user the first time. The database decides a first-seen
 * subject (the mapping's primary key, see {@link ExternalIdentities#createUserFor}); this instance then remembers the
 * answer (Caffeine, bounded), so a known subject costs no database trip, and concurrent first requests on this instance
 * share one look-up. A mapping never changes (users are never deleted), so a remembered answer never goes stale.
 */
final class ExternalUserService implements ExternalUserQuery {

    /** The name of a user created for a subject whose token carries no usable name. */
    static final String FALLBACK_NAME = "external user";

    private record Key(String issuer, String subject) {
    }

    private final ExternalIdentities identities;
    private final Clock clock;
    private final AsyncCache<Key, UserId> known;

    ExternalUserService(ExternalIdentities identities, Clock clock, long maxRemembered) {
        this.identities = identities;
        this.clock = clock;
        this.known = Caffeine.newBuilder().maximumSize(maxRemembered).buildAsync();
    }

    @Override
    public Mono<UserId> userIdOf(ExternalSubject subject) {
        Key key = new Key(subject.issuer(), subject.subject());
        return Mono.fromFuture(() -> known.get(key,
                (ignored, executor) -> lookUpOrCreate(subject).map(UserId::of).toFuture()), true);
    }

    private Mono<Long> lookUpOrCreate(ExternalSubject subject) {
        return identities.userOf(subject)
                .switchIfEmpty(Mono.defer(() -> identities.createUserFor(subject, nameOf(subject), clock.instant())))
                .switchIfEmpty(Mono.defer(() -> identities.userOf(subject)))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "no user for subject " + subject.subject() + " of " + subject.issuer() + " after creating it")));
    }

    private static String nameOf(ExternalSubject subject) {
        for (String candidate : new String[] {subject.displayName(), subject.subject()}) {
            try {
                return CreateUserCommand.validName(candidate);
            } catch (IllegalArgumentException unusable) {
                // try the next
            }
        }
        return FALLBACK_NAME;
    }
}
