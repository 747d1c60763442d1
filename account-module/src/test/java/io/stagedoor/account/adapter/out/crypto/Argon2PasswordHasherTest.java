package io.stagedoor.account.adapter.out.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.account.api.Password;
import io.stagedoor.account.api.PasswordHashingBusyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
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
    void whatDoesNotFitTheThreadAndTheQueueIsRefusedAtOnceWithRetryAfter() {
        // one thread, one waiting place, expensive hashes, six requests at once: at most two are taken (one running,
        // one waiting; the moment the thread picks up its first task decides whether a third slips in)
        try (Argon2PasswordHasher hasher = new Argon2PasswordHasher(new Argon2PasswordHasher.Cost(131_072, 4), 1, 1)) {
            long started = System.nanoTime();
            List<Mono<Duration>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Mono<Duration> answer = hasher.hash(PASSWORD)
                        .map(hash -> Duration.ofNanos(System.nanoTime() - started))
                        .onErrorResume(PasswordHashingBusyException.class, busy -> {
                            assertThat(busy.kind().status()).isEqualTo(503);
                            assertThat(busy.code()).isEqualTo("SERVICE_UNAVAILABLE");
                            assertThat(busy.retryAfter()).contains(Duration.ofSeconds(1));
                            return Mono.just(Duration.ofNanos(-(System.nanoTime() - started)));
                        })
                        .cache();
                answer.subscribe();
                answers.add(answer);
            }

            List<Duration> outcomes = answers.stream().map(answer -> answer.block(Duration.ofSeconds(120))).toList();
            List<Duration> refusedAfter = outcomes.stream().filter(Duration::isNegative).map(Duration::negated).toList();
            assertThat(refusedAfter).as("refused").hasSizeGreaterThanOrEqualTo(3);
            assertThat(refusedAfter).as("each refusal came without waiting for a thread")
                    .allSatisfy(after -> assertThat(after).isLessThan(Duration.ofSeconds(2)));
            assertThat(outcomes.size() - refusedAfter.size()).as("hashed").isBetween(1, 3);
        }
    }
}
