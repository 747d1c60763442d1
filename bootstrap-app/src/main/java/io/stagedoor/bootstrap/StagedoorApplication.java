package io.stagedoor.bootstrap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The one deployable: wires the modules, serves {@code /api/v1}, and runs on embedded servers when none are configured.
 * Boot's WebFlux security (a filter chain on every request, and a generated in-memory user) is left out: the bearer
 * check is built in {@code security.SecurityConfiguration}, where the Queue-Token routes skip it.
 */
@SpringBootApplication(exclude = {ReactiveWebSecurityAutoConfiguration.class,
        ReactiveManagementWebSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class})
@ConfigurationPropertiesScan
public class StagedoorApplication {

    public static void main(String[] args) {
        SpringApplication.run(StagedoorApplication.class, args);
    }
}
