package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.QueueTokenInvalidException;
import io.stagedoor.queue.application.QueueServices;
import io.stagedoor.queue.domain.QueueToken;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import io.stagedoor.testsupport.FreshRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;

/**
 * A payment batch ends all its tokens with one script call per room on real Redis: sessions and waiting places alike,
 * and nothing a token does not hold (another user's token, a wrong secret).
 */
class BatchTokenExpiryRedisTest {

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();
    private QueueFixture queue;
    private CountingTemplate template;
    private QueueFixture.Tokens expiry;

    @BeforeEach
    void setUp() {
        // capacity 3: the fourth and later joiners of a room stay waiting
        queue = new QueueFixture(redis.connectionFactory(), new RoomSettings(3, 3000, 600, false), Duration.ofMinutes(2));
        template = new CountingTemplate(redis.connectionFactory());
        expiry = QueueFixture.Tokens.of(queue.servicesOver(
                new RedisWaitingLine(template, queue.redis.guard(), 10, Duration.ofSeconds(1)), QueueServices.Memory.NONE));
    }

    @Test
    void aBatchOfOneRoomsTokensEndsInOneScriptCallSessionsAndWaitingPlacesAlike() {
        List<String> paid = joinAndAdmit(1, 1, 5); // users 1-3 active, 4-5 waiting
        String bystander = joinAndAdmit(1, 6, 1).get(0);

        expiry.expireAll(paid).block();

        assertThat(template.scriptCalls.get()).isEqualTo(1);
        for (String token : paid) {
            assertThatThrownBy(() -> queue.tokens.validate(token).block()).isInstanceOf(QueueTokenInvalidException.class);
        }
        assertThat(queue.status.status(bystander).block().status().name()).as("a token outside the batch keeps its place")
                .isEqualTo("WAITING");
    }

    @Test
    void tokensOfTwoRoomsEndWithOneCallPerRoom() {
        List<String> paid = new ArrayList<>(joinAndAdmit(1, 1, 2));
        paid.addAll(joinAndAdmit(2, 1, 2));

        expiry.expireAll(paid).block();

        assertThat(template.scriptCalls.get()).isEqualTo(2);
        for (String token : paid) {
            assertThatThrownBy(() -> queue.tokens.validate(token).block()).isInstanceOf(QueueTokenInvalidException.class);
        }
    }

    @Test
    void aTokenWithAnotherSecretEndsNothingAndTheRealOneStaysActive() {
        String real = joinAndAdmit(1, 1, 1).get(0);
        QueueToken parsed = QueueToken.parse(real).orElseThrow();
        QueueToken forged = new QueueToken(parsed.concertId(), parsed.userId(), "1." + "A".repeat(22));

        Integer ended = new RedisWaitingLine(template, queue.redis.guard(), 10, Duration.ofSeconds(1))
                .expireAll(List.of(forged)).block();

        assertThat(ended).isZero();
        assertThat(queue.tokens.validate(real).block().userId().value()).isEqualTo(1);
    }

    @Test
    void anUnreadableTokenInTheBatchIsSkippedAndTheOthersStillEnd() {
        String real = joinAndAdmit(1, 1, 1).get(0);

        expiry.expireAll(List.of("not-a-token", real)).block();

        assertThatThrownBy(() -> queue.tokens.validate(real).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThat(template.scriptCalls.get()).isEqualTo(1);
    }

    /** Joins {@code count} users from {@code firstUser} on into the room and runs one admission round. */
    private List<String> joinAndAdmit(long concertId, long firstUser, int count) {
        List<String> tokens = new ArrayList<>();
        for (long user = firstUser; user < firstUser + count; user++) {
            tokens.add(queue.join.join(new JoinQueueCommand(user, concertId)).block().status().token());
        }
        queue.admission.admit(concertId).block();
        return tokens;
    }

    /** Real Redis; counts the script calls this line sends (one call = one round trip). */
    private static final class CountingTemplate extends ReactiveStringRedisTemplate {

        final AtomicInteger scriptCalls = new AtomicInteger();

        CountingTemplate(ReactiveRedisConnectionFactory connectionFactory) {
            super(connectionFactory);
        }

        @Override
        public <T> Flux<T> execute(RedisScript<T> script, List<String> keys, List<?> args) {
            scriptCalls.incrementAndGet();
            return super.execute(script, keys, args);
        }
    }
}
