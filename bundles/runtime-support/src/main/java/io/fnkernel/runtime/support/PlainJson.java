package io.fnkernel.runtime.support;

/**
 * Recognises, in one pass and without allocating, the JSON that {@link ResponseRule} passes through
 * as it is: a valid document whose top level is an array, or an object none of whose keys can make
 * an envelope. It answers false whenever it is unsure (escaped top-level keys, very deep nesting,
 * very long numbers), so that the full path, which parses with Jackson, decides those.
 *
 * <p>Each step takes the text and the index to read from, and returns the index after what it
 * read, or {@link #FAIL}.
 */
final class PlainJson {

    /** Deeper documents go to Jackson, which allows 1000 levels. */
    static final int MAX_DEPTH = 500;
    /** Longer numbers go to Jackson, which limits them to 1000 characters. */
    static final int MAX_NUMBER = 100;

    private static final int FAIL = -1;

    private PlainJson() {
    }

    /**
     * @param json the text a runtime produced
     * @param envelopeKeys the top-level keys that make an object an envelope candidate, unescaped
     * @return true only when the text is valid JSON and its top level is an array or an object
     *         without any of those keys; false when it is anything else or this cannot tell
     */
    static boolean isPlainData(String json, String[] envelopeKeys) {
        int at = whitespace(json, 0);
        char c = charAt(json, at);
        if (c == '{') {
            at = object(json, at, 1, envelopeKeys);
        } else if (c == '[') {
            at = array(json, at, 1);
        } else {
            return false;
        }
        return at != FAIL && whitespace(json, at) == json.length();
    }

    /** A key with an escape could spell an envelope key: the full path decides it. */
    private static boolean mayBeOneOf(String s, int from, int to, String[] keys) {
        if (s.lastIndexOf('\\', to - 1) >= from) {
            return true;
        }
        for (String k : keys) {
            if (k.length() == to - from && s.startsWith(k, from)) {
                return true;
            }
        }
        return false;
    }

    /** After a key: whitespace, a colon, whitespace, a value, whitespace. */
    private static int member(String s, int at, int depth) {
        at = whitespace(s, at);
        if (charAt(s, at) != ':') {
            return FAIL;
        }
        at = value(s, whitespace(s, at + 1), depth);
        return at == FAIL ? FAIL : whitespace(s, at);
    }

    private static int value(String s, int at, int depth) {
        char c = charAt(s, at);
        return switch (c) {
            case '{' -> depth < MAX_DEPTH ? object(s, at, depth + 1, null) : FAIL;
            case '[' -> depth < MAX_DEPTH ? array(s, at, depth + 1) : FAIL;
            case '"' -> string(s, at);
            case 't' -> literal(s, at, "true");
            case 'f' -> literal(s, at, "false");
            case 'n' -> literal(s, at, "null");
            default -> c == '-' || (c >= '0' && c <= '9') ? number(s, at) : FAIL;
        };
    }

    /** An object; at the top level ({@code topKeys} given) none of its keys may be one of those. */
    private static int object(String s, int at, int depth, String[] topKeys) {
        at = whitespace(s, at + 1);
        if (charAt(s, at) == '}') {
            return at + 1;
        }
        for (;;) {
            int key = at + 1;
            at = charAt(s, at) == '"' ? string(s, at) : FAIL;
            if (at == FAIL || (topKeys != null && mayBeOneOf(s, key, at - 1, topKeys)) || (at = member(s, at, depth)) == FAIL) {
                return FAIL;
            }
            char c = charAt(s, at);
            if (c == '}') {
                return at + 1;
            }
            if (c != ',') {
                return FAIL;
            }
            at = whitespace(s, at + 1);
        }
    }

    private static int array(String s, int at, int depth) {
        at = whitespace(s, at + 1);
        if (charAt(s, at) == ']') {
            return at + 1;
        }
        for (;;) {
            at = value(s, at, depth);
            if (at == FAIL) {
                return FAIL;
            }
            at = whitespace(s, at);
            char c = charAt(s, at);
            if (c == ']') {
                return at + 1;
            }
            if (c != ',') {
                return FAIL;
            }
            at = whitespace(s, at + 1);
        }
    }

    /** A string from its opening quote to just after its closing one. */
    private static int string(String s, int at) {
        int end = s.length();
        at++;
        while (at < end) {
            char c = s.charAt(at++);
            if (c == '"') {
                return at;
            }
            if (c < 0x20) {
                return FAIL;
            }
            if (c == '\\') {
                at = escape(s, at);
                if (at == FAIL) {
                    return FAIL;
                }
            }
        }
        return FAIL;
    }

    /** The rest of an escape after its backslash. */
    private static int escape(String s, int at) {
        switch (charAt(s, at)) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return at + 1;
            }
            case 'u' -> {
                if (at + 5 > s.length()) {
                    return FAIL;
                }
                for (int i = at + 1; i < at + 5; i++) {
                    if (Character.digit(s.charAt(i), 16) < 0) {
                        return FAIL;
                    }
                }
                return at + 5;
            }
            default -> {
                return FAIL;
            }
        }
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, at most {@link #MAX_NUMBER} characters. */
    private static int number(String s, int at) {
        int start = at;
        if (charAt(s, at) == '-') {
            at++;
        }
        at = charAt(s, at) == '0' ? at + 1 : digits(s, at);
        if (at != FAIL && charAt(s, at) == '.') {
            at = digits(s, at + 1);
        }
        if (at != FAIL && (charAt(s, at) == 'e' || charAt(s, at) == 'E')) {
            at++;
            if (charAt(s, at) == '+' || charAt(s, at) == '-') {
                at++;
            }
            at = digits(s, at);
        }
        return at != FAIL && at - start <= MAX_NUMBER ? at : FAIL;
    }

    /** One digit or more. */
    private static int digits(String s, int at) {
        int start = at;
        while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
            at++;
        }
        return at > start ? at : FAIL;
    }

    private static int literal(String s, int at, String word) {
        return s.startsWith(word, at) ? at + word.length() : FAIL;
    }

    private static int whitespace(String s, int at) {
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return at;
            }
            at++;
        }
        return at;
    }

    /** @return the character at {@code at}, or NUL past the end (never valid where it is checked) */
    private static char charAt(String s, int at) {
        return at < s.length() ? s.charAt(at) : '\0';
    }
}
