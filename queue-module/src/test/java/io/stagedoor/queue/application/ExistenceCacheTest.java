package io.stagedoor.queue.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.queue.api.ConcertCatalog;
import io.stagedoor.queue.api.UserDirectory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ExistenceCacheTest {

    /** Users 1..100 exist; every look-up that reaches the directory is recorded. */
    private final List<Long> asked = new CopyOnWriteArrayList<>();
    private final UserDirectory directory = userId -> Mono.fromSupplier(() -> {
        asked.add(userId);
        return userId <= 100;
    });

    @Test
    void aSecondCheckOfAKnownUserDoesNotReachTheDirectory() {
        UserDirectory cached = ExistenceCache.users(directory, 10);

        assertThat(cached.exists(7).block()).isTrue();
        assertThat(cached.exists(7).block()).isTrue();
        assertThat(cached.exists(7).block()).isTrue();

        assertThat(asked).containsExactly(7L);
    }

    @Test
    void unknownIdsAlwaysReachTheDelegate() {
        UserDirectory cached = ExistenceCache.users(directory, 10);

        assertThat(cached.exists(500).block()).isFalse();
        assertThat(cached.exists(500).block()).isFalse();

        assertThat(asked).containsExactly(500L, 500L);
    }

    @Test
    void anIdThatStartsToExistIsFoundAndThenRemembered() {
        List<Long> existing = new CopyOnWriteArrayList<>();
        List<Long> calls = new CopyOnWriteArrayList<>();
        ConcertCatalog catalog = concertId -> Mono.fromSupplier(() -> {
            calls.add(concertId);
            return existing.contains(concertId);
        });
        ConcertCatalog cached = ExistenceCache.concerts(catalog, 10);

        assertThat(cached.exists(3).block()).isFalse();
        existing.add(3L);
        assertThat(cached.exists(3).block()).isTrue();
        assertThat(cached.exists(3).block()).isTrue();

        assertThat(calls).containsExactly(3L, 3L);
    }

    @Test
    void whenFullItStaysBoundedStillAnswersCorrectlyAndRemembersTheNewestId() {
        ExistenceCache cache = new ExistenceCache(3, Runnable::run);
        for (long id = 1; id <= 5; id++) {
            assertThat(cache.exists(id, directory::exists).block()).isTrue();
        }
        assertThat(cache.size()).isEqualTo(3);
        asked.clear();

        assertThat(cache.exists(5, directory::exists).block()).isTrue();
        assertThat(asked).as("the newest id was remembered although the cache was full").isEmpty();

        for (long id = 1; id <= 5; id++) {
            assertThat(cache.exists(id, directory::exists).block()).isTrue();
        }
        assertThat(asked).as("the remembered ones are answered from memory").hasSizeLessThan(5);
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void nothingIsAskedBeforeSubscription() {
        UserDirectory cached = ExistenceCache.users(directory, 10);

        Mono<Boolean> pending = cached.exists(9);

        assertThat(asked).isEmpty();
        assertThat(pending.block()).isTrue();
        assertThat(asked).containsExactly(9L);
    }
}
