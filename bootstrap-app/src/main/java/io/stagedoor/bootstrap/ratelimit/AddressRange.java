package io.stagedoor.bootstrap.ratelimit;

import java.net.InetAddress;
import java.util.Arrays;

/** One CIDR block ({@code 10.0.0.0/8}, {@code ::1/128}, or a plain address for just that one). */
record AddressRange(byte[] network, int prefixLength) {

    static AddressRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        byte[] address = ClientAddresses.literal(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: '" + cidr + "'");
        }
        int length = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
        if (length < 0 || length > address.length * 8) {
            throw new IllegalArgumentException("prefix length out of range in '" + cidr + "'");
        }
        return new AddressRange(address, length);
    }

    boolean contains(InetAddress candidate) {
        return contains(candidate.getAddress());
    }

    boolean contains(byte[] candidate) {
        if (candidate.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        if (!Arrays.equals(candidate, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && prefixLength == range.prefixLength && Arrays.equals(network, range.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return ClientAddresses.text(network) + "/" + prefixLength;
    }
}
