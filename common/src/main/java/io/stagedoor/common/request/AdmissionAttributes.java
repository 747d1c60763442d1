package io.stagedoor.common.request;

/**
 * Names of the request attributes the waiting room's admission gate fills for a gated route: who was admitted, to which
 * concert, with which Queue-Token. The gate writes them and the modules' handlers read them, so the names live here once.
 */
public final class AdmissionAttributes {

    /** The admitted user's id, a {@code Long}. */
    public static final String USER_ID = "stagedoor.admission.userId";
    /** The concert the token admits to, a {@code Long}. */
    public static final String CONCERT_ID = "stagedoor.admission.concertId";
    /** The Queue-Token as the client sent it, a {@code String}. */
    public static final String TOKEN = "stagedoor.admission.token";

    private AdmissionAttributes() {
    }
}
