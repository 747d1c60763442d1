package io.stagedoor.archfixtures.alpha.domain;

import reactor.core.publisher.Mono;

/** Bad: a domain class that reaches for Reactor. */
public class SpringAwareSeat {

    public Mono<String> label() {
        return Mono.just(new org.springframework.util.StopWatch().toString());
    }
}
