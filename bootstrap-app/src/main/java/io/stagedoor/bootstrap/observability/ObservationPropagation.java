package io.stagedoor.bootstrap.observability;

import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;

/**
 * Whether Reactor's context propagation carries the current observation across threads. Propagation is on for the
 * request id's sake ({@code spring.reactor.context-propagation=auto}); the observation rides along only where it is
 * needed, for a span's children to find their parent: with tracing. Without it every thread hop of every request
 * opened and closed an observation scope for nothing, a measurable share of a status poll (docs/performance.md).
 * The registry is the JVM's, so the app that starts last decides (one app per JVM in production).
 */
final class ObservationPropagation {

    private final boolean carried;

    private ObservationPropagation(boolean carried) {
        this.carried = carried;
    }

    /** Registers or removes the observation's thread-local accessor in the JVM's context registry. */
    static ObservationPropagation acrossThreads(boolean tracing) {
        ContextRegistry registry = ContextRegistry.getInstance();
        boolean registered = registry.getThreadLocalAccessors().stream()
                .anyMatch(accessor -> ObservationThreadLocalAccessor.KEY.equals(accessor.key()));
        if (tracing && !registered) {
            registry.registerThreadLocalAccessor(ObservationThreadLocalAccessor.getInstance());
        } else if (!tracing && registered) {
            registry.removeThreadLocalAccessor(ObservationThreadLocalAccessor.KEY);
        }
        return new ObservationPropagation(tracing);
    }

    /** Whether the current observation crosses threads with a request's work. */
    boolean carried() {
        return carried;
    }
}
