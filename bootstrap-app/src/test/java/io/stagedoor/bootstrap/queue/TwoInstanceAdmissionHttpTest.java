package io.stagedoor.bootstrap.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two app instances on one Redis, both ticking: one room's waiters are admitted in arrival order and the room never
 * holds more actives than its capacity.
 */
@Import(QueueHttpSupport.QueueProbes.class)
class TwoInstanceAdmissionHttpTest extends QueueHttpSupport {

    @org.springframework.beans.factory.annotation.Autowired
    private io.stagedoor.queue.api.ExpireTokenUseCase expireToken;

    @DynamicPropertySource
    static void fastTicks(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.queue.tick", () -> "PT0.05S");
    }

    @Test
    void twoInstancesAdmitOneRoomInArrivalOrderWithoutPassingCapacity() {
        int capacity = 3;
        int waiters = 12;
        tune(21, "{\"paused\": true, \"activeCapacity\": " + capacity + "}");
        ConfigurableApplicationContext second = startAnotherInstance("stagedoor.queue.tick=PT0.05S");
        try {
            WebTestClient other = clientFor(portOf(second));
            List<String> tokens = new ArrayList<>();
            List<SignedIn> users = new ArrayList<>();
            // joins through this instance (only it has the test's concert catalogue); both tick and answer status
            for (int i = 0; i < waiters; i++) {
                users.add(newUser());
                tokens.add((String) join(client, users.get(i), 21).expectStatus().isCreated()
                        .expectBody(Map.class).returnResult().getResponseBody().get("token"));
            }
            tune(21, "{\"paused\": false}");

            // admitted in arrival order. A WAITING answer may come from an instance's picture up to a tick old, while
            // ACTIVE is always confirmed in Redis, so the order is judged against Redis: once token k reads ACTIVE,
            // no earlier waiter may still be in line. The line is read after the scan, so a waiter admitted
            // legitimately between the two reads cannot look out of order.
            Set<Integer> admitted = new TreeSet<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (admitted.size() < waiters) {
                assertThat(Instant.now()).as("all admitted in time").isBefore(deadline);
                assertThat(redis.template().opsForZSet().size("queue:{21}:active").block()).isLessThanOrEqualTo(capacity);
                List<Integer> newlyActive = new ArrayList<>();
                for (int k = waiters - 1; k >= 0; k--) {
                    WebTestClient via = k % 2 == 0 ? other : client;
                    if (!admitted.contains(k) && "ACTIVE".equals(status(via, tokens.get(k)).get("status"))) {
                        newlyActive.add(k);
                    }
                }
                admitted.addAll(newlyActive);
                Set<String> stillWaiting = new HashSet<>(
                        redis.template().opsForZSet().range("queue:{21}:waiting", Range.unbounded())
                                .collectList().block());
                int lastActive = newlyActive.stream().mapToInt(Integer::intValue).max().orElse(-1);
                List<Integer> passedOver = IntStream.range(0, Math.max(lastActive, 0))
                        .filter(j -> stillWaiting.contains(Long.toString(users.get(j).userId()))).boxed().toList();
                assertThat(passedOver).as("waiters still in line when token %d was admitted", lastActive).isEmpty();
                for (int k : newlyActive) { // the user pays: the token ends and frees its place
                    gated(client, users.get(k), "/api/v1/queue-probe/concerts/21", tokens.get(k)).expectStatus().isOk();
                    expireToken.expire(tokens.get(k)).block();
                }
                pause(20);
            }
            assertThat(redis.template().opsForZSet().size("queue:{21}:waiting").block()).isZero();
        } finally {
            second.close();
        }
    }
}
