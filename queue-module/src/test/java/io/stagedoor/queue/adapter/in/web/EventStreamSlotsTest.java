package io.stagedoor.queue.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.queue.api.QueueUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One stream per token, the one that arrived last, whatever order the streams' first reads answer in. */
class EventStreamSlotsTest {

    private final EventStreamSlots slots = new EventStreamSlots(2, Duration.ofSeconds(5));

    @Test
    void aStreamThatArrivesLaterEndsTheOneHoldingTheToken() {
        EventStreamSlots.Slot first = slots.open("t", slots.arrive());
        EventStreamSlots.Slot second = slots.open("t", slots.arrive());

        assertThat(ended(first)).isTrue();
        assertThat(ended(second)).isFalse();
    }

    @Test
    void aStreamWhoseFirstReadAnsweredLastStillEndsWhenALaterArrivalHoldsTheToken() {
        long earlier = slots.arrive();
        long later = slots.arrive();
        EventStreamSlots.Slot newer = slots.open("t", later); // its first read answered first
        EventStreamSlots.Slot older = slots.open("t", earlier);

        assertThat(ended(older)).as("the stream that arrived first ends at once").isTrue();
        assertThat(ended(newer)).as("the stream that arrived last stays").isFalse();
        older.close();
        slots.open("t", slots.arrive());
        assertThat(ended(newer)).as("the ended stream's close left the newer one in place, so the next arrival ends it")
                .isTrue();
    }

    @Test
    void beyondTheCapANewTokenIsRefusedButAReplacementIsNot() {
        slots.open("a", slots.arrive());
        slots.open("b", slots.arrive());

        assertThatThrownBy(() -> slots.open("c", slots.arrive())).isInstanceOf(QueueUnavailableException.class);
        EventStreamSlots.Slot again = slots.open("a", slots.arrive());
        assertThat(ended(again)).isFalse();
    }

    @Test
    void closingGivesTheSlotBackOnce() {
        EventStreamSlots.Slot slot = slots.open("a", slots.arrive());
        slot.close();
        slot.close();

        assertThat(slots.open()).isZero();
    }

    static boolean ended(EventStreamSlots.Slot slot) {
        return slot.replaced().toFuture().isDone();
    }
}
