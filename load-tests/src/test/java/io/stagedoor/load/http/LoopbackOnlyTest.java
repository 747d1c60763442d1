package io.stagedoor.load.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LoopbackOnlyTest {

    @Test
    void loopbackTargetsAreAccepted() {
        assertThatCode(() -> LoopbackHttpClient.requireLoopback(URI.create("http://127.0.0.1:8080"))).doesNotThrowAnyException();
        assertThatCode(() -> LoopbackHttpClient.requireLoopback(URI.create("http://localhost:8091"))).doesNotThrowAnyException();
        assertThatCode(() -> LoopbackHttpClient.requireLoopback(URI.create("http://127.0.0.2:8080"))).doesNotThrowAnyException();
    }

    @Test
    void anyOtherHostIsRefused() {
        assertThatThrownBy(() -> LoopbackHttpClient.requireLoopback(URI.create("http://10.0.0.5:8080")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoopbackHttpClient.requireLoopback(URI.create("http://example.com")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
