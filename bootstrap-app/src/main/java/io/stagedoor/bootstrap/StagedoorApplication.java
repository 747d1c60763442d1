package io.stagedoor.bootstrap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The one deployable: wires the modules, serves {@code /api/v1}, and runs on embedded servers when none are configured. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StagedoorApplication {

    public static void main(String[] args) {
        SpringApplication.run(StagedoorApplication.class, args);
    }
}
