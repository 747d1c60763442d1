package io.stagedoor.bootstrap.performance;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP server's event loops: one per core by default. Reactor Netty's own default is at least four, and with the
 * PostgreSQL loops (docs/performance.md, "PostgreSQL event loops and pool warm-up"), Lettuce's loops and the timer beside them, a 2-core machine spends a share of every
 * request switching threads; one loop per core measured the same or better on every pass (docs/performance.md, run 5).
 * {@code stagedoor.performance.http.loop-threads} sets the count. Spring Boot runs the server on the loops of the
 * {@link ReactorResourceFactory} (a customizer's {@code runOn} is overridden), so this factory replaces Boot's.
 */
@Configuration(proxyBeanMethods = false)
class HttpLoopConfiguration {

    @Bean
    ReactorResourceFactory reactorResourceFactory(@Value("${stagedoor.performance.http.loop-threads:0}") int threads,
                                                  @Value("${spring.reactor.netty.shutdown-quiet-period:PT2S}") Duration quietPeriod) {
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        // Boot applies spring.reactor.netty.shutdown-quiet-period to its own factory only; the loops stop after it
        factory.setShutdownQuietPeriod(quietPeriod);
        factory.setLoopResourcesSupplier(() -> LoopResources.create("stagedoor-http", 1, workers, true));
        return factory;
    }
}
