package io.stagedoor.bootstrap.web;

/**
 * Request attribute names the admission gate fills for gated handlers. Modules read them by these plain
 * names (each keeps its own copy of the string) because they may not depend on the queue module.
 */
public final class AdmissionAttributes {

    public static final String USER_ID = "stagedoor.admission.userId";
    public static final String CONCERT_ID = "stagedoor.admission.concertId";
    public static final String TOKEN = "stagedoor.admission.token";

    private AdmissionAttributes() {
    }
}
