package io.fnkernel.discovery.internal.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** FastFN's file-name grammar: method prefixes, tokens, dynamic segments and segment normalisation (§2.3, §2.4). */
final class RouteNames {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Set<String> DEFAULT_TOKENS = Set.of("index", "handler", "main");
    private static final Pattern PARAM = Pattern.compile("\\[([A-Za-z0-9_]+)]");
    private static final Pattern CATCH_ALL = Pattern.compile("\\[\\.\\.\\.([A-Za-z0-9_]+)]");
    private static final Pattern OPTIONAL_CATCH_ALL = Pattern.compile("\\[\\[\\.\\.\\.([A-Za-z0-9_]+)]]");

    /**
     * A file name split into its method and route tokens.
     *
     * @param method the upper-case method when the name starts with one, else null
     * @param tokens the remaining tokens, in order
     * @param ambiguous true when an explicit method is followed by another method token
     */
    record FileName(String method, List<String> tokens, boolean ambiguous) {

        /** @return true when the name is an explicit route even in a mixed subtree */
        boolean explicit() {
            return method != null || tokens.stream().anyMatch(t -> isDefaultToken(t) || isDynamicToken(t));
        }

        /** @return true when every token maps to the folder itself ({@code index}, {@code handler.js}, {@code get.js}) */
        boolean folderRoute() {
            return tokens.stream().allMatch(RouteNames::isDefaultToken);
        }
    }

    private RouteNames() {
    }

    /**
     * Parses a file's base name (without extension).
     *
     * @param base {@code get.users.[id]}
     * @return the method and tokens
     */
    static FileName parse(String base) {
        List<String> tokens = splitTokens(base);
        String method = null;
        boolean ambiguous = false;
        if (!tokens.isEmpty() && METHODS.contains(tokens.get(0).toLowerCase(Locale.ROOT))) {
            method = tokens.remove(0).toUpperCase(Locale.ROOT);
            ambiguous = tokens.stream().anyMatch(t -> METHODS.contains(t.toLowerCase(Locale.ROOT)));
        }
        return new FileName(method, List.copyOf(tokens), ambiguous);
    }

    /** Splits on {@code .} outside brackets; tokens are trimmed and empty ones dropped. */
    static List<String> splitTokens(String base) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (c == '.' && depth == 0) {
                addToken(out, cur);
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
            }
            cur.append(c);
        }
        addToken(out, cur);
        return out;
    }

    private static void addToken(List<String> out, StringBuilder cur) {
        String t = cur.toString().trim();
        if (!t.isEmpty()) {
            out.add(t);
        }
        cur.setLength(0);
    }

    static boolean isDefaultToken(String token) {
        return DEFAULT_TOKENS.contains(token.trim().toLowerCase(Locale.ROOT));
    }

    static boolean isDynamicToken(String token) {
        return PARAM.matcher(token).matches() || CATCH_ALL.matcher(token).matches()
                || OPTIONAL_CATCH_ALL.matcher(token).matches();
    }

    static boolean isOptionalCatchAll(String token) {
        return OPTIONAL_CATCH_ALL.matcher(token).matches();
    }

    /**
     * Normalises one path segment or token as FastFN does: {@code index}/{@code handler}/{@code main}
     * vanish, {@code [id]} becomes {@code :id}, {@code [...slug]} and {@code [[...slug]]} become
     * {@code :slug*} (parameter names keep their case), and static text is lower-cased with runs of
     * {@code _} and other characters outside {@code [a-z0-9-]} turned into {@code -}.
     *
     * @param segment a folder name or file-name token
     * @return the route segment, or null when it contributes none
     */
    static String normalizeSegment(String segment) {
        String s = segment.trim();
        if (s.isEmpty() || isDefaultToken(s)) {
            return null;
        }
        Matcher m = OPTIONAL_CATCH_ALL.matcher(s);
        if (m.matches()) {
            return ":" + m.group(1) + "*";
        }
        m = CATCH_ALL.matcher(s);
        if (m.matches()) {
            return ":" + m.group(1) + "*";
        }
        m = PARAM.matcher(s);
        if (m.matches()) {
            return ":" + m.group(1);
        }
        String lower = s.toLowerCase(Locale.ROOT).replaceAll("_+", "-").replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^-+", "").replaceAll("-+$", "");
        return lower.isEmpty() ? null : lower;
    }

    /**
     * Normalises every segment of a relative folder path.
     *
     * @param folderNames folder names from the root down
     * @return the route segments, dropped ones left out
     */
    static List<String> normalizeAll(List<String> folderNames) {
        List<String> out = new ArrayList<>();
        for (String name : folderNames) {
            String n = normalizeSegment(name);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** @return {@code /a/b}, or {@code /} for no segments */
    static String path(List<String> segments) {
        return "/" + String.join("/", segments);
    }
}
