package io.stagedoor.concert.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** An operator's new concert: a title and one or more schedules, each with its seats 1..seats at one price. */
public record CreateConcertCommand(String title, List<Schedule> schedules) {

    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_SCHEDULES = 100;
    public static final int DEFAULT_SEATS = 50;
    public static final int MAX_SEATS = 1000;
    public static final long MAX_PRICE = 100_000_000L;

    public CreateConcertCommand {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title is required");
        }
        title = title.strip();
        if (title.length() > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("title must be at most " + MAX_TITLE_LENGTH + " characters");
        }
        if (title.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))) {
            // every fan sees the title: no control characters, no bidirectional overrides, no broken Unicode
            throw new IllegalArgumentException("title must not contain control, bidirectional override or unpaired"
                    + " surrogate characters");
        }
        if (schedules == null || schedules.isEmpty()) {
            throw new IllegalArgumentException("schedules must hold at least one schedule");
        }
        if (schedules.size() > MAX_SCHEDULES) {
            throw new IllegalArgumentException("schedules must hold at most " + MAX_SCHEDULES + " schedules");
        }
        for (int i = 0; i < schedules.size(); i++) {
            if (schedules.get(i) == null) {
                throw new IllegalArgumentException("schedules[" + i + "] is required");
            }
        }
        schedules = List.copyOf(schedules);
    }

    /** One date of the concert: seats numbered 1..seats, each at {@code price} KRW. */
    public record Schedule(Instant startsAt, int seats, long price) {

        public Schedule {
            if (startsAt == null) {
                throw new IllegalArgumentException("startsAt is required");
            }
            startsAt = startsAt.truncatedTo(ChronoUnit.MICROS); // what PostgreSQL stores
            if (seats < 1 || seats > MAX_SEATS) {
                throw new IllegalArgumentException("seats must be between 1 and " + MAX_SEATS);
            }
            if (price < 1 || price > MAX_PRICE) {
                throw new IllegalArgumentException("price must be between 1 and " + MAX_PRICE);
            }
        }
    }
}
