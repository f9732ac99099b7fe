package io.fnkernel.kernel;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a bundle that did not resolve or start into one line naming the bundle, its jar and what it lacks. */
final class BundleProblem {

    private static final String MISSING = "missing requirement ";
    private static final String CAUSED_BY = " [caused by: ";
    private static final String UNABLE = "Unable to resolve ";
    private static final Pattern LOW = Pattern.compile("^\\((?:bundle-)?version(>=|>)([^)]+)\\)$");
    private static final Pattern HIGH = Pattern.compile("^\\(!\\((?:bundle-)?version(>=|>)([^)]+)\\)\\)$");
    private static final Pattern AT_MOST = Pattern.compile("^\\((?:bundle-)?version<=([^)]+)\\)$");
    private static final Pattern ABOVE = Pattern.compile("^\\(!\\((?:bundle-)?version<=([^)]+)\\)\\)$");
    private static final Pattern EXACT = Pattern.compile("^\\((?:bundle-)?version=([^)]+)\\)$");

    private BundleProblem() {
    }

    /**
     * One line for a bundle that did not start.
     *
     * @param bundle the bundle
     * @param error what the framework threw
     * @return e.g. {@code bundle a.b 1.0.0 (a-b.jar) did not start: missing package x.y [1.0.0,2.0.0)}
     */
    static String describe(Bundle bundle, Throwable error) {
        return name(bundle) + " did not start: " + reason(error);
    }

    /**
     * The bundle's symbolic name, version and jar file.
     *
     * @param bundle the bundle
     * @return e.g. {@code bundle a.b 1.0.0 (a-b.jar)}
     */
    static String name(Bundle bundle) {
        String jar = jarName(bundle.getLocation());
        String bsn = bundle.getSymbolicName();
        return bsn == null ? "bundle " + jar : "bundle " + bsn + " " + bundle.getVersion() + " (" + jar + ")";
    }

    /**
     * Why a bundle failed, without a stack trace.
     *
     * @param error what the framework threw
     * @return one line
     */
    static String reason(Throwable error) {
        String message = oneLine(error.getMessage() == null ? error.toString() : error.getMessage());
        if (message.contains(MISSING)) {
            return requirement(message);
        }
        if (error instanceof BundleException be && be.getType() == BundleException.ACTIVATOR_ERROR && error.getCause() != null) {
            return "its activator failed: " + rootCause(error);
        }
        return error.getCause() == null ? message : message + " (" + rootCause(error) + ")";
    }

    private static String jarName(String location) {
        if (location == null) {
            return "?";
        }
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\'));
        return location.substring(slash + 1);
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + oneLine(m));
    }

    /** Keeps the first paragraph (a uses-constraint report goes on with dependency chains) on one line. */
    private static String oneLine(String s) {
        int para = s.indexOf("\n\n");
        return (para < 0 ? s : s.substring(0, para)).replaceAll("\\s+", " ").trim();
    }

    /** Reads Felix's {@code missing requirement [rev] ns; (filter) [caused by: ...]} text. */
    private static String requirement(String message) {
        String rest = message.substring(message.indexOf(MISSING) + MISSING.length());
        if (rest.startsWith("[")) {
            rest = rest.substring(closing(rest, '[', ']') + 1).trim();
        }
        int semi = rest.indexOf("; ");
        int open = rest.indexOf('(');
        if (semi < 0 || open < 0) {
            return MISSING + rest;
        }
        String namespace = rest.substring(0, semi);
        int end = closing(rest, '(', ')');
        if (end < 0) {
            return MISSING + rest;
        }
        String text = words(namespace, rest.substring(open, end + 1));
        String after = rest.substring(end + 1);
        if (after.startsWith(CAUSED_BY)) {
            String cause = after.substring(CAUSED_BY.length());
            text += " (" + causeBundle(cause) + " cannot resolve: " + requirementOrAll(cause) + ")";
        }
        return text;
    }

    private static String requirementOrAll(String cause) {
        return cause.contains(MISSING) ? requirement(cause) : cause.replaceAll("]+$", "");
    }

    private static String causeBundle(String cause) {
        if (cause.startsWith(UNABLE)) {
            String s = cause.substring(UNABLE.length());
            int bracket = s.indexOf(" [");
            return "bundle " + (bracket < 0 ? s : s.substring(0, bracket));
        }
        return "a bundle it needs";
    }

    /** Index of the bracket closing the one at position 0 (or the first opening one), -1 if unbalanced. */
    private static int closing(String s, char open, char close) {
        int depth = 0;
        for (int i = s.indexOf(open); i >= 0 && i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code osgi.wiring.package; (&(osgi.wiring.package=x)(version>=1.0.0))} as {@code missing package x >=1.0.0}. */
    static String words(String namespace, String filter) {
        String kind = namespace.substring(namespace.lastIndexOf('.') + 1);
        String name = null;
        String low = null;
        String high = null;
        for (String term : terms(filter)) {
            Matcher m;
            if (term.startsWith("(" + namespace + "=")) {
                name = term.substring(namespace.length() + 2, term.length() - 1);
            } else if ((m = LOW.matcher(term)).matches()) {
                low = (m.group(1).equals(">=") ? "[" : "(") + m.group(2);
            } else if ((m = HIGH.matcher(term)).matches()) {
                high = m.group(2) + (m.group(1).equals(">=") ? ")" : "]");
            } else if ((m = AT_MOST.matcher(term)).matches()) {
                high = m.group(1) + "]";
            } else if ((m = ABOVE.matcher(term)).matches()) {
                low = "(" + m.group(1);
            } else if ((m = EXACT.matcher(term)).matches()) {
                low = m.group(1);
            } else {
                return "missing " + namespace + " " + filter;
            }
        }
        if (name == null) {
            return "missing " + namespace + " " + filter;
        }
        return ("osgi.ee".equals(namespace) ? "needs execution environment " : "missing " + kind + " ") + name + range(low, high);
    }

    /** {@code [1,2)}, {@code >=1}, {@code <2} or an exact {@code 1}, from the bounds the filter had. */
    private static String range(String low, String high) {
        if (low == null && high == null) {
            return "";
        }
        if (high == null) {
            return Character.isDigit(low.charAt(0)) ? " " + low : " " + (low.startsWith("[") ? ">=" : ">") + low.substring(1);
        }
        if (low == null) {
            return " " + (high.endsWith(")") ? "<" : "<=") + high.substring(0, high.length() - 1);
        }
        return " " + low + "," + high;
    }

    /** The terms of {@code (&(a)(b))}, or the filter itself when it is a single term. */
    private static List<String> terms(String filter) {
        if (!filter.startsWith("(&")) {
            return List.of(filter);
        }
        List<String> out = new ArrayList<>();
        String inner = filter.substring(2, filter.length() - 1);
        while (!inner.isEmpty()) {
            int end = closing(inner, '(', ')');
            if (end < 0) {
                return List.of(filter);
            }
            out.add(inner.substring(0, end + 1));
            inner = inner.substring(end + 1);
        }
        return out;
    }
}
