package io.stagedoor.bootstrap.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ObservabilitySwitchesTest {

    @Test
    void plainLogsAndNoTracingByDefaultLeaveNoSpanMachineryAndNoAutomaticPropagation() {
        StandardEnvironment environment = switched(Map.of());

        assertThat(environment.getProperty("logging.structured.format.console")).isNull();
        assertThat(environment.getProperty("spring.autoconfigure.exclude"))
                .contains(ObservabilitySwitches.TRACING_AUTO_CONFIGURATIONS);
        assertThat(environment.getProperty("management.tracing.export.enabled")).isEqualTo("false");
        assertThat(environment.getProperty(ObservabilitySwitches.HTTP_OBSERVATIONS)).isEqualTo("false");
        assertThat(environment.getProperty(ObservabilitySwitches.LETTUCE_OBSERVATIONS)).isEqualTo("false");
        assertThat(environment.getProperty(ObservabilitySwitches.CONTEXT_PROPAGATION)).isEqualTo("limited");
    }

    @Test
    void jsonLogFormatIsSpringBootsStructuredLoggingInTheElasticCommonSchema() {
        assertThat(switched(Map.of("stagedoor.log-format", "JSON")).getProperty("logging.structured.format.console"))
                .isEqualTo("ecs");
    }

    @Test
    void anUnknownLogFormatStopsTheStart() {
        assertThatThrownBy(() -> switched(Map.of("stagedoor.log-format", "xml")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plain or json");
    }

    @Test
    void aTracingEndpointTurnsOnExportSpansAndPropagationUnlessSetOtherwise() {
        StandardEnvironment environment = switched(Map.of("stagedoor.tracing.endpoint", "http://127.0.0.1:4318/v1/traces",
                "spring.autoconfigure.exclude", "com.example.Unwanted"));

        assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://127.0.0.1:4318/v1/traces");
        assertThat(environment.getProperty("spring.autoconfigure.exclude")).isEqualTo("com.example.Unwanted");
        assertThat(environment.getProperty(ObservabilitySwitches.HTTP_OBSERVATIONS)).isEqualTo("true");
        assertThat(environment.getProperty(ObservabilitySwitches.CONTEXT_PROPAGATION)).isEqualTo("auto");

        StandardEnvironment explicit = switched(Map.of("stagedoor.tracing.endpoint", "http://127.0.0.1:4318/v1/traces",
                ObservabilitySwitches.LETTUCE_OBSERVATIONS, "false"));
        assertThat(explicit.getProperty(ObservabilitySwitches.LETTUCE_OBSERVATIONS)).isEqualTo("false");
    }

    @Test
    void withoutTracingAnExclusionListOfTheOperatorsOwnIsKept() {
        assertThat(switched(Map.of("spring.autoconfigure.exclude", "com.example.Unwanted"))
                .getProperty("spring.autoconfigure.exclude"))
                .startsWith("com.example.Unwanted,")
                .contains(ObservabilitySwitches.TRACING_AUTO_CONFIGURATIONS.get(0));
    }

    private static StandardEnvironment switched(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("given", properties));
        new ObservabilitySwitches().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
