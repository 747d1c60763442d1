package io.stagedoor.bootstrap.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagedoor.concert.api.CreateConcertUseCase;
import io.stagedoor.concert.api.SetFanLimitsUseCase;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.queue.api.RoomOverview;
import io.stagedoor.queue.api.RoomOverviewQuery;
import io.stagedoor.queue.api.TuneRoomCommand;
import io.stagedoor.queue.api.TuneRoomUseCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Every operator change as one structured log event on the {@code stagedoor.audit} logger, saying what changed from
 * what to what ({@code event.action}, the concert, and {@code changes}: field -> {from, to}), and counted in
 * {@code stagedoor_operator_changes_total{change}}. Wraps the operators' api ports, so the modules know nothing of it.
 * In JSON logs the event's fields are JSON members; in plain logs the message says the same in words. The events are
 * written inside Reactor's {@code handle}, which puts the request's log context (its request id) in place on whatever
 * thread the change finished.
 */
public final class OperatorAudit {

    static final String CHANGES = "stagedoor.operator.changes";
    static final String LOGGER = "stagedoor.audit";
    static final String ROOM_SETTINGS = "room_settings";
    static final String CONCERT_CREATED = "concert_created";

    private static final Logger audit = LoggerFactory.getLogger(LOGGER);

    private final Counter roomSettings;
    private final Counter concertCreated;

    public OperatorAudit(MeterRegistry registry) {
        this.roomSettings = counter(registry, ROOM_SETTINGS);
        this.concertCreated = counter(registry, CONCERT_CREATED);
    }

    private static Counter counter(MeterRegistry registry, String change) {
        return Counter.builder(CHANGES).tag("change", change)
                .description("Operator changes by kind (room settings, concert created)")
                .register(registry);
    }

    /**
     * {@code tune}, logging every change with the room's settings just before it ({@code rooms} reads them; two
     * operators changing one room at the same moment may each see the other's value as "from").
     */
    public TuneRoomUseCase audited(TuneRoomUseCase tune, RoomOverviewQuery rooms) {
        return command -> rooms.overview(command.concertId())
                .map(Optional::of)
                .onErrorReturn(Optional.empty()) // the change itself answers for an unknown concert or an outage
                .defaultIfEmpty(Optional.empty())
                .flatMap(before -> tune.tune(command).handle((after, sink) -> {
                    roomTuned(command, before, after);
                    sink.next(after);
                }));
    }

    public CreateConcertUseCase audited(CreateConcertUseCase create) {
        return command -> create.create(command).handle((created, sink) -> {
            concertCreated(created);
            sink.next(created);
        });
    }

    /** Fan-limit changes are configuration changes: logged to the audit logger with the limits in force afterwards. */
    public SetFanLimitsUseCase audited(SetFanLimitsUseCase set) {
        return command -> set.setFanLimits(command).handle((after, sink) -> {
            audit.atInfo()
                    .addKeyValue("event.action", "fan-limits-changed")
                    .addKeyValue("event.category", "configuration")
                    .addKeyValue("concert.id", after.concertId())
                    .addKeyValue("changes", Map.of("holdsPerFan", after.holdsPerFan(),
                            "ticketsPerFan", after.ticketsPerFan()))
                    .log("Operator set the per-fan limits of concert {}: {} live holds, {} tickets",
                            after.concertId(), after.holdsPerFan(), after.ticketsPerFan());
            sink.next(after);
        });
    }

    private void roomTuned(TuneRoomCommand command, Optional<RoomOverview> before, RoomOverview after) {
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        change(changes, "activeCapacity", command.activeCapacity(), before, after, RoomOverview::activeCapacity);
        change(changes, "admissionsPerMinute", command.admissionsPerMinute(), before, after, RoomOverview::admissionsPerMinute);
        change(changes, "sessionSeconds", command.sessionSeconds(), before, after, RoomOverview::sessionSeconds);
        change(changes, "paused", command.paused(), before, after, RoomOverview::paused);
        roomSettings.increment();
        StringBuilder words = new StringBuilder();
        changes.forEach((field, change) -> words.append(words.isEmpty() ? "" : ", ")
                .append(field).append(' ').append(change.get("from")).append(" -> ").append(change.get("to")));
        audit.atInfo()
                .addKeyValue("event.action", "room-settings-changed")
                .addKeyValue("event.category", "configuration")
                .addKeyValue("concert.id", after.concertId())
                .addKeyValue("changes", changes)
                .log("Operator changed the waiting room of concert {}: {}", after.concertId(), words);
    }

    private static <T> void change(Map<String, Map<String, Object>> changes, String field, Object requested,
                                   Optional<RoomOverview> before, RoomOverview after, Function<RoomOverview, T> value) {
        if (requested == null) {
            return; // not part of this change
        }
        Map<String, Object> fromTo = new LinkedHashMap<>();
        fromTo.put("from", before.map(value).map(Object.class::cast).orElse("unknown"));
        fromTo.put("to", value.apply(after));
        changes.put(field, fromTo);
    }

    private void concertCreated(CreatedConcert concert) {
        concertCreated.increment();
        List<Map<String, Object>> schedules = concert.schedules().stream()
                .map(schedule -> Map.<String, Object>of("scheduleId", schedule.scheduleId(),
                        "startsAt", schedule.startsAt().toString(), "seats", schedule.seats(), "price", schedule.price()))
                .toList();
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("concertId", concert.concertId());
        created.put("title", concert.title());
        created.put("schedules", schedules);
        Map<String, Object> fromTo = new LinkedHashMap<>();
        fromTo.put("from", null);
        fromTo.put("to", created);
        audit.atInfo()
                .addKeyValue("event.action", "concert-created")
                .addKeyValue("event.category", "configuration")
                .addKeyValue("concert.id", concert.concertId())
                .addKeyValue("changes", Map.of("concert", fromTo))
                .log("Operator created concert {} '{}' with {} schedule(s): {}", concert.concertId(), concert.title(),
                        schedules.size(), schedules);
    }
}
