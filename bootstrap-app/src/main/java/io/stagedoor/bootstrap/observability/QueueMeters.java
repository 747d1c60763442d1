package io.stagedoor.bootstrap.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.stagedoor.queue.api.AdmissionReports;
import io.stagedoor.queue.api.AdmissionRound;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The waiting rooms' meters, fed by the admission rounds this instance runs: how many wait and how many are active
 * per concert as the last round left them (a scrape reads memory, never Redis), and how many each round admitted
 * and dropped as abandoned. Every instance runs rounds for every room, so the gauges agree between instances up to a
 * tick (read them with {@code max by (concert)}); the counters count each round once (sum them).
 */
public final class QueueMeters implements AdmissionReports {

    static final String WAITING = "stagedoor.queue.waiting";
    static final String ACTIVE = "stagedoor.queue.active";
    static final String ADMITTED = "stagedoor.queue.admitted";
    static final String ABANDONED = "stagedoor.queue.abandoned";

    private final MeterRegistry registry;
    private final ConcurrentMap<Long, Room> rooms = new ConcurrentHashMap<>();

    public QueueMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void roundDone(AdmissionRound round) {
        Room room = rooms.computeIfAbsent(round.concertId(), this::register);
        room.waiting().set(round.waiting());
        room.active().set(round.active());
        if (round.admitted() > 0) {
            room.admitted().increment(round.admitted());
        }
        // places dropped at the front when their turn came, and waiters the sweep found silent: both gave up
        int abandoned = round.abandoned() + round.swept();
        if (abandoned > 0) {
            room.abandoned().increment(abandoned);
        }
    }

    private Room register(long concertId) {
        Tags concert = Tags.of("concert", Long.toString(concertId));
        AtomicLong waiting = new AtomicLong();
        AtomicLong active = new AtomicLong();
        Gauge.builder(WAITING, waiting, AtomicLong::get).tags(concert)
                .description("People waiting in the concert's room, as this instance's last admission round left it")
                .register(registry);
        Gauge.builder(ACTIVE, active, AtomicLong::get).tags(concert)
                .description("Admitted sessions running in the concert's room, as this instance's last admission round left it")
                .register(registry);
        Counter admitted = Counter.builder(ADMITTED).tags(concert)
                .description("Waiters admitted by this instance's admission rounds").register(registry);
        Counter abandoned = Counter.builder(ABANDONED).tags(concert)
                .description("Waiters dropped by this instance's admission rounds because they stopped polling")
                .register(registry);
        return new Room(waiting, active, admitted, abandoned);
    }

    private record Room(AtomicLong waiting, AtomicLong active, Counter admitted, Counter abandoned) {
    }
}
