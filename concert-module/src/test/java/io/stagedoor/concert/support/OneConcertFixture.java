package io.stagedoor.concert.support;

import io.stagedoor.concert.api.CreatedConcert;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes whose every test works on a concert of its own: one {@link ConcertTestModule} (and database) per
 * class, and before each test a fresh concert with one schedule a week ahead, {@code seats} seats at {@code price}, so
 * tests never share seats. Register it on a static field with {@code @RegisterExtension}.
 */
public final class OneConcertFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final int seats;
    private final long price;
    private ConcertTestModule module;
    private CreatedConcert concert;

    public OneConcertFixture(int seats, long price) {
        this.seats = seats;
        this.price = price;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        module = ConcertTestModule.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        module.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        concert = module.concertWithOneSchedule(seats, price);
    }

    public ConcertTestModule module() {
        return module;
    }

    /** This test's concert. */
    public CreatedConcert concert() {
        return concert;
    }

    public long concertId() {
        return concert.concertId();
    }

    /** The id of this test's concert's one schedule. */
    public long scheduleId() {
        return concert.schedules().get(0).scheduleId();
    }
}
