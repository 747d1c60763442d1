package io.stagedoor.bootstrap.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

/**
 * The API's router is asked first. WebFlux asks its handler mappings in order, and actuator's endpoint mapping
 * (order -100) sits before the router functions (order -1): every API request paid for an annotated-mapping lookup
 * (a read lock and thread-local bookkeeping) that can never match it. The router only answers paths under
 * {@code /api/v1}, so putting it first takes nothing away from actuator or anyone else.
 */
@Configuration(proxyBeanMethods = false)
class RouterFirstConfiguration {

    static final String ROUTER_MAPPING = "routerFunctionMapping";

    @Bean
    static BeanPostProcessor routerFunctionMappingFirst() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                // only WebFlux's own mapping of the application's routes (Boot adds a welcome-page one beside it)
                if (bean instanceof RouterFunctionMapping mapping && ROUTER_MAPPING.equals(beanName)) {
                    mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
                }
                return bean;
            }
        };
    }
}
