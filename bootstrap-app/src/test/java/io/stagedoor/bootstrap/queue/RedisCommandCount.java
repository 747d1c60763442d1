package io.stagedoor.bootstrap.queue;

import io.stagedoor.testsupport.TestRedis;
import java.util.Properties;
import org.springframework.data.redis.connection.ReactiveRedisConnection;

/**
 * How many times Redis ran a command so far ({@code INFO commandstats}; commands a script calls count too). ZRANK is
 * run only by the status and join scripts, never by the admission round or the picture refresh, so its count tells
 * how many status polls reached Redis whatever the admitters do meanwhile.
 */
final class RedisCommandCount {

    private RedisCommandCount() {
    }

    static long calls(TestRedis redis, String command) {
        try (ReactiveRedisConnection connection = redis.connectionFactory().getReactiveConnection()) {
            Properties stats = connection.serverCommands().info("commandstats").block();
            String value = stats.getProperty("cmdstat_" + command);
            if (value == null) {
                return 0;
            }
            int at = value.indexOf("calls=");
            return Long.parseLong(value.substring(at + 6, value.indexOf(',', at)));
        }
    }
}
