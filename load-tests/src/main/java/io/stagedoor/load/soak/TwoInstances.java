package io.stagedoor.load.soak;

import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.http.HttpResponse;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The two app instances behind what a load balancer would do: requests alternate between them, and a request whose
 * connection is refused or dropped (the instance is down) goes once to the other one. Such a hop is counted, so the
 * soak reports what a load balancer would have had to hide; HTTP answers are never retried here.
 */
final class TwoInstances {

    private final StagedoorApi a;
    private final StagedoorApi b;
    private final SoakLedger ledger;
    private final AtomicLong next = new AtomicLong();

    TwoInstances(StagedoorApi a, StagedoorApi b, SoakLedger ledger) {
        this.a = a;
        this.b = b;
        this.ledger = ledger;
    }

    StagedoorApi first() {
        return a;
    }

    /** One request through either instance; the answer is recorded in the ledger under {@code step}. */
    Mono<HttpResponse> call(String step, Function<StagedoorApi, Mono<HttpResponse>> request) {
        boolean toA = (next.getAndIncrement() & 1) == 0;
        StagedoorApi one = toA ? a : b;
        StagedoorApi other = toA ? b : a;
        return Mono.defer(() -> request.apply(one)).timeout(Duration.ofSeconds(15))
                .onErrorResume(TwoInstances::instanceDown, e -> {
                    ledger.instanceDown();
                    return Mono.defer(() -> request.apply(other)).timeout(Duration.ofSeconds(15));
                })
                .doOnNext(r -> ledger.answer(step, r))
                .doOnError(e -> ledger.failure(step, e));
    }

    static boolean instanceDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof PrematureCloseException
                    || t.getClass().getSimpleName().contains("AnnotatedConnectException")) {
                return true;
            }
        }
        return false;
    }
}
