package io.stagedoor.account.adapter.out.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.account.api.Password;
import io.stagedoor.account.api.PasswordHashingBusyException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class Argon2PasswordHasherTest {

    private static final Password PASSWORD = Password.of("correct horse battery");

    @Test
    void hashIsASaltedArgon2idStringThatVerifiesOnlyItsPassword() {
        try (Argon2PasswordHasher hasher = new Argon2PasswordHasher(new Argon2PasswordHasher.Cost(64, 1), 1, 10)) {
            String first = hasher.hash(PASSWORD).block();
            String second = hasher.hash(PASSWORD).block();

            assertThat(first).startsWith("$argon2id$v=19$m=64,t=1,p=1$").doesNotContain(PASSWORD.reveal());
            assertThat(second).as("a fresh salt every time").isNotEqualTo(first);
            assertThat(hasher.verify(PASSWORD, Optional.of(first)).block()).isTrue();
            assertThat(hasher.verify(Password.of("correct horse batterY"), Optional.of(first)).block()).isFalse();
        }
    }

    @Test
    void withoutAStoredHashTheAnswerIsFalse() {
        try (Argon2PasswordHasher hasher = new Argon2PasswordHasher(new Argon2PasswordHasher.Cost(64, 1), 1, 10)) {
            assertThat(hasher.verify(PASSWORD, Optional.empty()).block()).isFalse();
        }
    }

    @Test
    void hashingRunsOnTheHashingPoolNeverOnTheCallersThread() {
        try (Argon2PasswordHasher hasher = new Argon2PasswordHasher(new Argon2PasswordHasher.Cost(64, 1), 1, 10)) {
            AtomicReference<String> thread = new AtomicReference<>();
            // subscribed from a non-blocking (parallel) thread: BlockHound would fail the test if it hashed there
            hasher.hash(PASSWORD)
                    .doOnNext(hash -> thread.set(Thread.currentThread().getName()))
                    .subscribeOn(Schedulers.parallel())
                    .block(Duration.ofSeconds(30));

            assertThat(thread.get()).startsWith("password-hashing-");
        }
    }

    @Test
    void aFullQueueIsRefusedAtOnceWithRetryAfter() {
        // one thread busy with an expensive hash, one request queued: the third finds no room
        try (Argon2PasswordHasher hasher = new Argon2PasswordHasher(new Argon2PasswordHasher.Cost(131_072, 4), 1, 1)) {
            Mono<String> running = hasher.hash(PASSWORD).cache();
            running.subscribe();
            Mono<String> queued = hasher.hash(PASSWORD).cache();
            queued.subscribe();

            long started = System.nanoTime();
            assertThatThrownBy(() -> hasher.hash(PASSWORD).block(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(PasswordHashingBusyException.class, busy -> {
                        assertThat(busy.getStatusCode().value()).isEqualTo(503);
                        assertThat(busy.code()).isEqualTo("SERVICE_UNAVAILABLE");
                        assertThat(busy.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused without waiting for a thread")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(running.block(Duration.ofSeconds(60))).startsWith("$argon2id$");
            assertThat(queued.block(Duration.ofSeconds(60))).startsWith("$argon2id$");
        }
    }
}
