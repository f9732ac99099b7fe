package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionRequest;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Works out the origin a client reached the platform at, for {@code servers[0].url}: the first
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} values when a proxy sent them, else
 * {@code http} and {@code Host}. A host that is not a plain host name or address (with an optional
 * port) is not echoed back; the document then says {@code /}, the same origin as itself.
 */
final class ServerUrl {

    /** A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}])(?::[0-9]{1,5})?");

    /** The server URL when the request's origin cannot be told: relative to the document itself. */
    static final String SAME_ORIGIN = "/";

    private ServerUrl() {
    }

    /**
     * @param request the request for the document
     * @return {@code scheme://host[:port]}, or {@link #SAME_ORIGIN}
     */
    static String of(FunctionRequest request) {
        String host = first(request.header("x-forwarded-host"));
        if (host == null) {
            host = first(request.header("host"));
        }
        if (host == null || !HOST.matcher(host).matches()) {
            return SAME_ORIGIN;
        }
        String proto = first(request.header("x-forwarded-proto"));
        String scheme = proto != null && proto.toLowerCase(Locale.ROOT).equals("https") ? "https" : "http";
        return scheme + "://" + host.toLowerCase(Locale.ROOT);
    }

    private static String first(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        int comma = headerValue.indexOf(',');
        String v = (comma < 0 ? headerValue : headerValue.substring(0, comma)).trim();
        return v.isEmpty() ? null : v;
    }
}
