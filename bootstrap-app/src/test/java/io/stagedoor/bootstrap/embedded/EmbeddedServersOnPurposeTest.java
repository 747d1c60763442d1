package io.stagedoor.bootstrap.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Embedded servers start only when neither server is configured: one configured without the other refuses to start
 * naming the missing setting, and the prod profile never starts them. (Starting both with nothing configured is
 * EmbeddedRuntimeTest.)
 */
class EmbeddedServersOnPurposeTest {

    private final EmbeddedServersPostProcessor processor = new EmbeddedServersPostProcessor(destination -> destination.get());

    @Test
    void postgresWithoutRedisRefusesToStartNamingTheRedisSetting() {
        assertThatThrownBy(() -> process(Map.of("spring.r2dbc.url", "r2dbc:postgresql://db.example:5432/stagedoor")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL is configured but Redis is not")
                .hasMessageContaining("spring.data.redis.host");
    }

    @Test
    void redisWithoutPostgresRefusesToStartNamingThePostgresSetting() {
        assertThatThrownBy(() -> process(Map.of("spring.data.redis.host", "redis.example")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Redis is configured but PostgreSQL is not")
                .hasMessageContaining("SPRING_R2DBC_URL");
    }

    @Test
    void theProdProfileWithNothingConfiguredRefusesToStartInsteadOfStartingEmbeddedServers() {
        assertThatThrownBy(() -> process(Map.of("spring.profiles.active", "prod")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prod profile never starts embedded servers")
                .hasMessageContaining("SPRING_R2DBC_URL")
                .hasMessageContaining("SPRING_DATA_REDIS_HOST");
    }

    @Test
    void bothConfiguredStartsNothingAndSaysConfigured() {
        StandardEnvironment environment = process(Map.of("spring.r2dbc.url", "r2dbc:postgresql://db.example:5432/stagedoor",
                "spring.data.redis.host", "redis.example", "spring.profiles.active", "prod"));
        assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://db.example:5432/stagedoor");
        assertThat(environment.getProperty("info.servers")).isEqualTo("configured");
        assertThat(environment.getProperty("stagedoor.embedded.started-postgres", Boolean.class)).isFalse();
        assertThat(environment.getProperty("stagedoor.embedded.started-redis", Boolean.class)).isFalse();
    }

    private StandardEnvironment process(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        Object profiles = settings.get("spring.profiles.active");
        if (profiles != null) {
            environment.setActiveProfiles(profiles.toString());
        }
        processor.postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
