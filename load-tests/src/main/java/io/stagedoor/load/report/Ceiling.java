package io.stagedoor.load.report;

/** What a pass is compared against. */
public enum Ceiling {
    BARE("bare WebFlux"),
    REDIS("1 Redis round trip"),
    POSTGRES("1 PostgreSQL round trip"),
    NONE("-");

    private final String label;

    Ceiling(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
