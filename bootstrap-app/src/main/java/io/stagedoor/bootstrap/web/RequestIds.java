package io.stagedoor.bootstrap.web;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The request id of every request ({@value #HEADER}): the client's when it is well-formed, a new one otherwise. It is
 * echoed in the response header, put in problem bodies ({@code requestId}) and in every log line of the request
 * (the {@value #LOG_KEY} MDC entry, carried across threads by Reactor's context propagation).
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** The exchange attribute and Reactor context key under which a request's id travels. */
    public static final String ATTRIBUTE = "stagedoor.requestId";
    /** The MDC key (a JSON log line's member) of the request id. */
    public static final String LOG_KEY = "requestId";
    static final int MAX_LENGTH = 64;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /**
     * 1 to 64 of {@code A-Z a-z 0-9 - _ . :}: what request ids, UUIDs and trace ids are made of, and nothing that could
     * break a log line or a header.
     */
    static boolean isWellFormed(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * 128 random bits as 32 hex digits. Not a secret, so ThreadLocalRandom: a SecureRandom (UUID.randomUUID) costs a
     * lock and far more time on every request.
     */
    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[32];
        fill(id, 0, random.nextLong());
        fill(id, 16, random.nextLong());
        return new String(id);
    }

    private static void fill(char[] into, int from, long bits) {
        for (int i = 15; i >= 0; i--) {
            into[from + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
