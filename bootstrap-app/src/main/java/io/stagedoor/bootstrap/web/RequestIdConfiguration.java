package io.stagedoor.bootstrap.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/** Every request's id: see {@link RequestIds}. */
@Configuration(proxyBeanMethods = false)
class RequestIdConfiguration {

    @Bean
    WebFilter requestIdFilter() {
        return new RequestIdFilter();
    }
}
