package io.stagedoor.archfixtures.alpha.config;

/** Bad: wiring inside a module instead of the wiring module. */
@org.springframework.context.annotation.Configuration
public class SneakyConfiguration {
}
