package io.stagedoor.bootstrap.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client address a request counts against: the connection's own address, or, when the connection comes from a
 * configured trusted proxy ({@code stagedoor.http.trusted-proxies}), the right-most {@code X-Forwarded-For} hop that
 * is not itself a trusted proxy. Right-most, because every hop left of the last trusted one was written by whoever
 * sent the request and proves nothing: a client can put any address there to get a fresh budget. With no trusted
 * proxies (the default) the header is never read.
 */
public final class ClientAddresses {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String UNKNOWN = "unknown";

    private final List<AddressRange> trustedProxies;

    ClientAddresses(List<AddressRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** From the setting's comma-separated CIDR blocks; blank means none. */
    static ClientAddresses trusting(List<String> cidrs) {
        return new ClientAddresses(cidrs.stream().map(String::trim).filter(cidr -> !cidr.isEmpty())
                .map(AddressRange::parse).toList());
    }

    String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress connection = remote == null ? null : remote.getAddress();
        if (connection == null) {
            return UNKNOWN;
        }
        byte[] client = connection.getAddress();
        if (isTrusted(client)) {
            client = behindProxies(client, request.getHeaders().get(FORWARDED_FOR));
        }
        return text(client);
    }

    /** Walks the hops from the right while they are trusted proxies; a malformed hop ends the walk. */
    private byte[] behindProxies(byte[] proxy, List<String> forwardedFor) {
        if (forwardedFor == null) {
            return proxy;
        }
        byte[] client = proxy;
        for (int header = forwardedFor.size() - 1; header >= 0; header--) {
            String[] hops = forwardedFor.get(header).split(",");
            for (int hop = hops.length - 1; hop >= 0; hop--) {
                byte[] address = literal(hops[hop].trim());
                if (address == null) {
                    return client;
                }
                client = address;
                if (!isTrusted(address)) {
                    return client;
                }
            }
        }
        return client;
    }

    private boolean isTrusted(byte[] address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The bytes of an IP literal, or null for anything else. Never a DNS lookup: {@link InetAddress#getByName} is
     * only called on text that is already an address (digits, dots, hex and colons), so it cannot block.
     */
    static byte[] literal(String text) {
        String candidate = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (candidate.isEmpty() || candidate.length() > 45 || !looksLikeAnAddress(candidate)) {
            return null;
        }
        try {
            return InetAddress.getByName(candidate).getAddress();
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    private static boolean looksLikeAnAddress(String candidate) {
        boolean colon = candidate.indexOf(':') >= 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || c == '.' || c == ':'
                    || (colon && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!allowed) {
                return false;
            }
        }
        if (!colon) {
            // four dotted decimals only: InetAddress would also take "1" or "1.2" as IPv4 shorthand
            String[] parts = candidate.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                    return false;
                }
            }
        }
        return true;
    }

    static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException wrongLength) {
            return UNKNOWN;
        }
    }
}
