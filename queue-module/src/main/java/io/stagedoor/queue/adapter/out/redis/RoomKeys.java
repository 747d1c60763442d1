package io.stagedoor.queue.adapter.out.redis;

import java.util.List;

/**
 * The Redis keys of one waiting room. Every key carries the hash tag {@code {concertId}}, so one room lives in one
 * cluster slot and each Lua script touches one slot only. See docs/queue.md for what each key holds.
 */
record RoomKeys(long concertId) {

    /** The index of rooms the admitter ticks (a SET of concert ids); outside every room's slot, never used in a script. */
    static final String ROOMS = "queue:rooms";

    /** Sequence numbers per waiter bucket hash ({@code queue:{c}:waiters:<seq / 100>}). */
    static final int BUCKET_SIZE = 100;

    String prefix() {
        return "queue:{" + concertId + "}:";
    }

    String seq() {
        return prefix() + "seq";
    }

    String waiting() {
        return prefix() + "waiting";
    }

    String active() {
        return prefix() + "active";
    }

    String admitted() {
        return prefix() + "admitted";
    }

    String settings() {
        return prefix() + "settings";
    }

    String sweep() {
        return prefix() + "sweep";
    }

    String waiters(long seq) {
        return prefix() + "waiters:" + (seq / BUCKET_SIZE);
    }

    String session(long userId) {
        return prefix() + "session:" + userId;
    }

    List<String> fixed() {
        return List.of(seq(), waiting(), active(), admitted(), settings(), sweep());
    }
}
