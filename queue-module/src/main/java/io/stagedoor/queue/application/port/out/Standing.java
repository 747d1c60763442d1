package io.stagedoor.queue.application.port.out;

import io.stagedoor.queue.domain.BudgetReturns;
import io.stagedoor.queue.domain.SettingsChange;
import java.time.Instant;

/** Where a token stands in its room's line, as the line's store reports it. */
public sealed interface Standing {

    /**
     * In line at a 1-based position; with what the wait estimate needs about the room: admissions in the rate
     * window (and, when known, when their budget comes back), sessions running now and the settings an operator stored.
     */
    record Waiting(long position, long admittedLastMinute, BudgetReturns budgetReturns, long active,
                   SettingsChange roomSettings) implements Standing {

        /** Without the schedule of the returning budget (a Redis answer of one token). */
        public Waiting(long position, long admittedLastMinute, long active, SettingsChange roomSettings) {
            this(position, admittedLastMinute, BudgetReturns.unknown(), active, roomSettings);
        }
    }

    /** Admitted until {@code activeUntil}. */
    record Active(Instant activeUntil) implements Standing {
    }

    /** The token holds nothing: unknown, expired, revoked or abandoned. */
    record Gone() implements Standing {
    }
}
