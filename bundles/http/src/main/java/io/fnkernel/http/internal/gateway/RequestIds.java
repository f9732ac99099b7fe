package io.fnkernel.http.internal.gateway;

import java.util.concurrent.atomic.AtomicLong;

/** Keeps a client's sane {@code X-Request-Id} or makes a new one, {@code req-<epoch ms>-<counter>}. */
public final class RequestIds {

    /** Longest incoming id kept. */
    public static final int MAX_LENGTH = 128;

    private static final AtomicLong COUNTER = new AtomicLong();

    private RequestIds() {
    }

    /**
     * @param incoming the client's {@code X-Request-Id}, or null
     * @return that id when it is 1-128 characters of {@code [A-Za-z0-9._:-]}, else a new one
     */
    public static String of(String incoming) {
        return incoming != null && isSane(incoming) ? incoming : next();
    }

    /** @return a new id */
    public static String next() {
        return "req-" + System.currentTimeMillis() + "-" + COUNTER.incrementAndGet();
    }

    static boolean isSane(String id) {
        int n = id.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
