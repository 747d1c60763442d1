package io.stagedoor.load.engine;

/**
 * How one request ended. {@code OK} counts toward throughput; {@code REFUSED} is an expected business answer
 * (e.g. 409 SEAT_UNAVAILABLE in a booking rush) that is counted but is neither a success nor an error;
 * {@code ERROR} is anything else, labelled by status code, problem code or exception class.
 */
public record Outcome(Kind kind, String label) {

    public enum Kind { OK, REFUSED, ERROR }

    private static final Outcome OK = new Outcome(Kind.OK, "ok");

    public static Outcome ok() {
        return OK;
    }

    public static Outcome refused(String label) {
        return new Outcome(Kind.REFUSED, label);
    }

    public static Outcome error(String label) {
        return new Outcome(Kind.ERROR, label);
    }

    /** {@code OK} when the status is the expected one, otherwise an error labelled with the status. */
    public static Outcome expect(int expectedStatus, int actualStatus) {
        return actualStatus == expectedStatus ? OK : error("HTTP " + actualStatus);
    }
}
