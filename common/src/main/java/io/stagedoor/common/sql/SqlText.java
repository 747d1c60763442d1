package io.stagedoor.common.sql;

/** Helpers for the SQL text the persistence adapters send. */
public final class SqlText {

    private SqlText() {
    }

    /**
     * The statement on one line, runs of white space folded to one space. The R2DBC driver tokenizes the text on every
     * execution; one line makes that cheaper. Only for text without {@code --} comments or string literals that hold
     * runs of spaces (folding would change them).
     */
    public static String oneLine(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }
}
