package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionResponse;

import java.util.List;
import java.util.Map;

/**
 * Decides whether a function's response may go on the wire: a final status, header names that are
 * tokens, values without control characters, no hop-by-hop headers, and a {@code Content-Length}
 * (if any) that matches the body.
 */
public final class HeaderCheck {

    private static final String[] HOP_BY_HOP = {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer",
    };

    private HeaderCheck() {
    }

    /**
     * @param r the function's response
     * @return what is wrong, naming the header, or null when it may be written
     */
    public static String problem(FunctionResponse r) {
        if (r.status() < 200) {
            return "status " + r.status() + " is not a final status";
        }
        for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
            String name = e.getKey();
            if (!isToken(name)) {
                return "invalid header name '" + printable(name) + "'";
            }
            for (String hop : HOP_BY_HOP) {
                if (hop.equalsIgnoreCase(name)) {
                    return "hop-by-hop header '" + name + "' is not allowed";
                }
            }
            for (String v : e.getValue()) {
                if (v == null || hasControl(v)) {
                    return "header '" + name + "' has a control character (CR, LF, NUL...) in its value";
                }
            }
            if (name.equalsIgnoreCase("Content-Length") && !lengthMatches(e.getValue(), r.body().length)) {
                return "header 'Content-Length' (" + printable(String.join(",", e.getValue())) + ") does not match the body ("
                        + r.body().length + " bytes)";
            }
        }
        return null;
    }

    private static boolean lengthMatches(List<String> values, int actual) {
        for (String v : values) {
            try {
                if (Long.parseLong(v.trim()) != actual) {
                    return false;
                }
            } catch (NumberFormatException ex) {
                return false;
            }
        }
        return true;
    }

    static boolean isToken(String name) {
        int n = name.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String v) {
        for (int i = 0, n = v.length(); i < n; i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param s any text
     * @return the text with control characters replaced by {@code ?} and cut at 100 characters, safe for logs
     */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 100));
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
