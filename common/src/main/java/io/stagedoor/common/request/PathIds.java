package io.stagedoor.common.request;

import io.stagedoor.common.problem.StagedoorProblem;

/** Reads ids from path variables. */
public final class PathIds {

    private PathIds() {
    }

    /**
     * The positive integer {@code raw}, or 400 INVALID_REQUEST naming the variable ({@code "concertId must be a positive
     * integer"}) for anything else: text, zero, a negative number, or a number past {@code long}.
     */
    public static long positiveId(String name, String raw) {
        if (raw != null) {
            try {
                long id = Long.parseLong(raw);
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException notANumber) {
                // answered below
            }
        }
        throw StagedoorProblem.invalidRequest(name + " must be a positive integer");
    }
}
