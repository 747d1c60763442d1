package io.stagedoor.bootstrap.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressesTest {

    private final ClientAddresses behindProxies = ClientAddresses.trusting(List.of("10.0.0.0/8", " 192.168.1.7 ", "fd00::/8"));

    @Test
    void withoutTrustedProxiesTheConnectionIsTheClientWhateverTheHeaderSays() {
        ClientAddresses none = ClientAddresses.trusting(List.of(""));
        assertThat(none.of(from("10.1.2.3", "203.0.113.9"))).isEqualTo("10.1.2.3");
    }

    @Test
    void anUntrustedConnectionIsTheClientWhateverTheHeaderSays() {
        assertThat(behindProxies.of(from("198.51.100.4", "203.0.113.9"))).isEqualTo("198.51.100.4");
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedHopIsTheClient() {
        assertThat(behindProxies.of(from("10.1.2.3", "1.1.1.1, 203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(behindProxies.of(from("10.1.2.3", "1.1.1.1, 203.0.113.9, 10.9.9.9, 192.168.1.7"))).isEqualTo("203.0.113.9");
        assertThat(behindProxies.of(from("10.1.2.3", "1.1.1.1", "203.0.113.9"))).as("several header lines").isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedProxyWithoutTheHeaderIsItselfTheClient() {
        assertThat(behindProxies.of(from("10.1.2.3"))).isEqualTo("10.1.2.3");
    }

    @Test
    void aMalformedHopEndsTheWalkAtTheLastHopAProxyVouchedFor() {
        assertThat(behindProxies.of(from("10.1.2.3", "203.0.113.9, not-an-address"))).isEqualTo("10.1.2.3");
        assertThat(behindProxies.of(from("10.1.2.3", "unknown, 10.4.4.4"))).isEqualTo("10.4.4.4");
        assertThat(behindProxies.of(from("10.1.2.3", "example.com"))).as("never a DNS lookup").isEqualTo("10.1.2.3");
    }

    @Test
    void ipv6HopsAndRangesAreUnderstood() {
        assertThat(behindProxies.of(from("fd12::1", "2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(behindProxies.of(from("fd12::1", "[2001:db8::7]"))).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void aBadTrustedProxySettingIsRefused() {
        assertThatThrownBy(() -> ClientAddresses.trusting(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddresses.trusting(List.of("proxy.internal"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static MockServerHttpRequest from(String connection, String... forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/v1/users")
                .remoteAddress(new InetSocketAddress(connection, 40000));
        if (forwardedFor.length > 0) {
            request.header(ClientAddresses.FORWARDED_FOR, forwardedFor);
        }
        return request.build();
    }
}
