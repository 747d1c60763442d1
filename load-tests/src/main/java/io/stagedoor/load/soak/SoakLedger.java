package io.stagedoor.load.soak;

import io.stagedoor.load.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every answer of a soak, counted by step and code, and per 10-second slice of the run, so the report can say how
 * many requests each fault cost and when. The error budget: the share of 503s, and every other 5xx (target 0).
 */
final class SoakLedger {

    static final int SLICE_SECONDS = 10;

    private final long startNanos;
    private final Map<String, LongAdder> byCode = new ConcurrentHashMap<>();
    private final Map<Long, LongAdder[]> bySlice = new ConcurrentHashMap<>();
    private final LongAdder answers = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder otherServerErrors = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder instanceDown = new LongAdder();

    SoakLedger(long startNanos) {
        this.startNanos = startNanos;
    }

    void answer(String step, HttpResponse response) {
        answers.increment();
        int status = response.status();
        String label = status < 300 ? "2xx" : response.label();
        byCode.computeIfAbsent(step + " " + label, k -> new LongAdder()).increment();
        int kind = status == 503 ? 1 : status >= 500 ? 2 : 0;
        if (kind == 1) {
            unavailable.increment();
        } else if (kind == 2) {
            otherServerErrors.increment();
        }
        slice()[kind].increment();
    }

    /** No HTTP answer at all (timeout, or both instances unreachable). */
    void failure(String step, Throwable e) {
        failures.increment();
        byCode.computeIfAbsent(step + " no answer: " + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
        slice()[3].increment();
    }

    void instanceDown() {
        instanceDown.increment();
    }

    private LongAdder[] slice() {
        long slice = (System.nanoTime() - startNanos) / 1_000_000_000L / SLICE_SECONDS;
        return bySlice.computeIfAbsent(slice, k -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()});
    }

    long answers() {
        return answers.sum();
    }

    long unavailable() {
        return unavailable.sum();
    }

    long otherServerErrors() {
        return otherServerErrors.sum();
    }

    long failures() {
        return failures.sum();
    }

    long instanceDownHops() {
        return instanceDown.sum();
    }

    double unavailableShare() {
        long all = answers() + failures();
        return all == 0 ? 0 : unavailable() / (double) all;
    }

    Map<String, Long> codes() {
        Map<String, Long> out = new TreeMap<>();
        byCode.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** 503s, other 5xx and unanswered requests from {@code fromSecond} for {@code seconds} (whole slices). */
    long[] window(long fromSecond, long seconds) {
        long[] sum = new long[3];
        for (long s = fromSecond / SLICE_SECONDS; s < (fromSecond + seconds + SLICE_SECONDS - 1) / SLICE_SECONDS; s++) {
            LongAdder[] slice = bySlice.get(s);
            if (slice != null) {
                sum[0] += slice[1].sum();
                sum[1] += slice[2].sum();
                sum[2] += slice[3].sum();
            }
        }
        return sum;
    }
}
