package io.stagedoor.bootstrap.web;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Moves a request's id between the Reactor context ({@link RequestIds#ATTRIBUTE}) and the MDC ({@link RequestIds#LOG_KEY}),
 * so log lines written on whichever thread a request's work runs carry it. Registered with context-propagation through
 * {@code META-INF/services}; Reactor's automatic context propagation ({@code spring.reactor.context-propagation=auto})
 * calls it where a request's work changes thread.
 */
public final class RequestIdLogAccessor implements ThreadLocalAccessor<String> {

    @Override
    public Object key() {
        return RequestIds.ATTRIBUTE;
    }

    @Override
    public String getValue() {
        return MDC.get(RequestIds.LOG_KEY);
    }

    @Override
    public void setValue(String requestId) {
        MDC.put(RequestIds.LOG_KEY, requestId);
    }

    @Override
    public void setValue() {
        MDC.remove(RequestIds.LOG_KEY);
    }
}
