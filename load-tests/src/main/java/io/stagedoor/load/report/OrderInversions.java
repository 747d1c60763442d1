package io.stagedoor.load.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Counts admissions out of join order. Two waiters are ordered only when one's join request had been answered
 * before the other's was sent ({@code a.joinEnd < b.joinStart}); an inversion is such a pair where the later
 * joiner was admitted strictly earlier ({@code b.admitted < a.admitted}). Overlapping joins are unordered, and
 * equal admission times (one admission tick) are not inversions. O(n log n) with a Fenwick tree.
 */
public final class OrderInversions {

    /** One waiter: when its join was sent and answered (any monotonic clock) and when it was admitted (any clock). */
    public record Waiter(long joinStart, long joinEnd, long admitted) {
        public Waiter {
            if (joinEnd < joinStart) {
                throw new IllegalArgumentException("joinEnd before joinStart");
            }
        }
    }

    private OrderInversions() {
    }

    public static long count(List<Waiter> waiters) {
        int n = waiters.size();
        Waiter[] byStart = waiters.toArray(Waiter[]::new);
        Arrays.sort(byStart, Comparator.comparingLong(Waiter::joinStart));
        Waiter[] byEndDesc = waiters.toArray(Waiter[]::new);
        Arrays.sort(byEndDesc, Comparator.comparingLong(Waiter::joinEnd).reversed());
        long[] admittedSorted = waiters.stream().mapToLong(Waiter::admitted).sorted().distinct().toArray();

        long[] tree = new long[admittedSorted.length + 1];
        int next = n - 1;
        long inversions = 0;
        for (Waiter a : byEndDesc) {
            while (next >= 0 && byStart[next].joinStart() > a.joinEnd()) {
                add(tree, rank(admittedSorted, byStart[next].admitted()));
                next--;
            }
            // later joiners admitted strictly before a: ranks below a's rank
            inversions += prefix(tree, rank(admittedSorted, a.admitted()) - 1);
        }
        return inversions;
    }

    /** The plain O(n^2) definition, for checking the fast one. */
    public static long countNaive(List<Waiter> waiters) {
        long inversions = 0;
        for (Waiter a : waiters) {
            for (Waiter b : waiters) {
                if (a.joinEnd() < b.joinStart() && b.admitted() < a.admitted()) {
                    inversions++;
                }
            }
        }
        return inversions;
    }

    private static int rank(long[] sorted, long value) {
        return Arrays.binarySearch(sorted, value) + 1; // 1-based
    }

    private static void add(long[] tree, int index) {
        for (int i = index; i < tree.length; i += i & -i) {
            tree[i]++;
        }
    }

    private static long prefix(long[] tree, int index) {
        long sum = 0;
        for (int i = index; i > 0; i -= i & -i) {
            sum += tree[i];
        }
        return sum;
    }
}
