package io.fnkernel.kernel;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The options {@code fnk dev} and {@code fnk run} share, and their parser. */
final class ServeOptions {

    /** Log line formats. */
    enum LogFormat { text, json }

    /** The functions folder (the one positional argument, {@code DIR}). */
    Path dir = Path.of("functions");
    /** {@code --port=N}: 0 picks a free one. */
    int port = 8080;
    /** {@code --host=ADDR}. */
    String host = "127.0.0.1";
    /** {@code --log-format=FORMAT}. */
    LogFormat logFormat = LogFormat.text;
    /** {@code --shell}: the Gogo shell on this terminal. */
    boolean shell;
    /** {@code -h}, {@code --help}: print the command's usage instead of serving. */
    boolean help;
    /** {@code -V}, {@code --version}: print the versions instead of serving. */
    boolean version;

    /** Sets one option from its value. */
    @FunctionalInterface
    private interface Setter {
        void set(ServeOptions o, String value) throws UsageException;
    }

    /** The options that take a value, by name. */
    private static final Map<String, Setter> VALUED = Map.of(
            "--port", (o, v) -> o.port = port(v),
            "--host", (o, v) -> o.host = v,
            "--log-format", (o, v) -> o.logFormat = logFormat(v));

    /**
     * Parses the arguments after the command's name. Options take their value as {@code --port=N}
     * or {@code --port N}; {@code --} ends the options.
     *
     * @param args the arguments
     * @param offset the index of {@code args[0]} on the whole command line, for messages
     * @return the options
     * @throws UsageException naming the argument that is wrong
     */
    static ServeOptions parse(List<String> args, int offset) throws UsageException {
        ServeOptions o = new ServeOptions();
        boolean dirSeen = false;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!optionsEnded && a.equals("--")) {
                optionsEnded = true;
            } else if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                if (dirSeen) {
                    throw new UsageException("Unmatched argument at index " + (offset + i) + ": '" + a + "'");
                }
                o.dir = path(a);
                dirSeen = true;
            } else {
                int eq = a.startsWith("--") ? a.indexOf('=') : -1;
                String name = eq > 0 ? a.substring(0, eq) : a;
                String inline = eq > 0 ? a.substring(eq + 1) : null;
                if (o.flag(name)) {
                    if (inline != null) {
                        throw new UsageException("Option '" + name + "' takes no value, but was given '" + inline + "'");
                    }
                    continue;
                }
                Setter setter = VALUED.get(name);
                if (setter == null) {
                    throw new UsageException("Unknown option: '" + a + "'");
                }
                if (inline == null && i + 1 == args.size()) {
                    throw new UsageException("Missing required parameter for option '" + name + "'");
                }
                setter.set(o, inline != null ? inline : args.get(++i));
            }
        }
        return o;
    }

    private boolean flag(String name) {
        switch (name) {
            case "-h", "--help" -> help = true;
            case "-V", "--version" -> version = true;
            case "--shell" -> shell = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    private static int port(String value) throws UsageException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid value for option '--port': '" + value + "' is not an int");
        }
    }

    private static LogFormat logFormat(String value) throws UsageException {
        for (LogFormat f : LogFormat.values()) {
            if (f.name().equals(value)) {
                return f;
            }
        }
        throw new UsageException("Invalid value for option '--log-format': expected one of " + List.of(LogFormat.values())
                + " (case-sensitive) but was '" + value + "'");
    }

    private static Path path(String value) throws UsageException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("Invalid value for DIR: '" + value + "' is not a path (" + e.getReason() + ")");
        }
    }

    /** A command line that does not fit the usage; its message names the argument. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong, naming the argument */
        UsageException(String message) {
            super(message);
        }
    }
}
