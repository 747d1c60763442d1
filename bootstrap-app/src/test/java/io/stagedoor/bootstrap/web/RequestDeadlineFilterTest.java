package io.stagedoor.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestDeadlineFilterTest {

    @Test
    void anEventStreamAcceptedAnywhereInTheHeaderExemptsTheRequest() {
        assertThat(RequestDeadlineFilter.acceptsEventStream(List.of("text/event-stream"))).isTrue();
        assertThat(RequestDeadlineFilter.acceptsEventStream(List.of("application/json, Text/Event-Stream;q=0.9"))).isTrue();
        assertThat(RequestDeadlineFilter.acceptsEventStream(List.of("application/json", "text/event-stream"))).isTrue();
    }

    @Test
    void ordinaryRequestsKeepTheirDeadline() {
        assertThat(RequestDeadlineFilter.acceptsEventStream(null)).isFalse();
        assertThat(RequestDeadlineFilter.acceptsEventStream(List.of())).isFalse();
        assertThat(RequestDeadlineFilter.acceptsEventStream(List.of("*/*"))).isFalse();
        assertThat(RequestDeadlineFilter.acceptsEventStream(List.of("application/json", "text/event"))).isFalse();
    }
}
