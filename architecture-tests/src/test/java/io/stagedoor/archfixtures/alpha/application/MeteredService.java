package io.stagedoor.archfixtures.alpha.application;

import io.micrometer.core.instrument.Counter;

/** Bad: an application service that counts with Micrometer itself instead of reporting through a port. */
public class MeteredService {

    private final Counter holds;

    public MeteredService(Counter holds) {
        this.holds = holds;
    }

    public void hold() {
        holds.increment();
    }
}
