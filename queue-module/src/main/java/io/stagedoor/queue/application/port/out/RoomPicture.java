package io.stagedoor.queue.application.port.out;

import io.stagedoor.queue.domain.BudgetReturns;
import io.stagedoor.queue.domain.SettingsChange;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * What one instance knows of a room after its last refresh (one Redis call per room per admission tick): the sequence
 * numbers of the first waiters in line (ascending; position = index + 1), how many wait in all, the last sequence
 * number handed out, the figures of the wait estimate (with when the rate window's spent budget comes back), and which of the waiters this instance vouched for since the
 * previous refresh were no longer in line (their secrets).
 */
public record RoomPicture(long concertId, Instant takenAt, long waiting, long active, long admittedLastMinute,
        BudgetReturns budgetReturns, SettingsChange storedSettings, long lastSeq, long[] front, List<String> goneSecrets) {

    public RoomPicture {
        front = front.clone();
        goneSecrets = List.copyOf(goneSecrets);
    }

    /** 0-based index of {@code seq} among the front waiters, or a negative insertion point as {@link Arrays#binarySearch}. */
    public int indexInFront(long seq) {
        return Arrays.binarySearch(front, seq);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoomPicture that && concertId == that.concertId && takenAt.equals(that.takenAt);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(concertId) * 31 + takenAt.hashCode();
    }

    @Override
    public String toString() {
        return "RoomPicture[concert=" + concertId + ", at=" + takenAt + ", waiting=" + waiting + ", front=" + front.length
                + ", lastSeq=" + lastSeq + "]";
    }
}
