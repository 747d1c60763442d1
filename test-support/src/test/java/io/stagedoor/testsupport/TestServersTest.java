package io.stagedoor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class TestServersTest {

    @Test
    void freshDatabaseAnswersQueriesOverR2dbc() {
        try (TestDatabase database = TestDatabase.create()) {
            Integer answer = database.databaseClient().sql("SELECT 41 + 1 AS answer")
                    .map(row -> row.get("answer", Integer.class)).one().block();
            assertThat(answer).isEqualTo(42);
        }
    }

    @Test
    void redisIsRealAndStartsEmpty() {
        try (TestRedis redis = TestRedis.create()) {
            redis.template().opsForValue().set("probe", "1").block();
            assertThat(redis.template().opsForValue().get("probe").block()).isEqualTo("1");
            redis.flush();
            assertThat(redis.template().hasKey("probe").block()).isFalse();
        }
    }

    @Test
    void blockingOnANonBlockingThreadFailsTheTest() {
        assertThatThrownBy(() -> Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return 1;
                }).subscribeOn(Schedulers.parallel()).block())
                .hasMessageContaining("Blocking call");
    }
}
