package io.fnkernel.kernel;

/** The help texts of {@code fnk} and its commands, wrapped for an 80-column terminal. */
final class Usage {

    /** What {@code fnk dev} does. */
    static final String DEV = "Serve a functions folder for development: hot reload, routes and docs printed at start.";
    /** What {@code fnk run} does. */
    static final String RUN = "Serve a functions folder in production: same routes and hot swaps, quieter output.";

    /** {@code fnk --help}. */
    static final String MAIN = """
            Usage: fnk [-hV] [COMMAND]
            fnkernel: serverless functions on an OSGi microkernel.
            Every file in a functions folder becomes an HTTP route; versions in v2/ folders
            are served at /name@v2.
              -h, --help      Show this help message and exit.
              -V, --version   Print version information and exit.
            Commands:
              dev      %s
              run      %s
              version  Print the fnkernel version and its components.
              help     Show the help of a command (fnk help dev).

            Exit codes:
              0     stopped cleanly (SIGTERM or Ctrl-C, also during start-up)
              1     failed while running
              2     could not start (bad option, port in use, missing folder, unresolved
                      bundle, JDK too old)
              130   a second SIGTERM or Ctrl-C ended fnk without waiting for the stop

            On JDK 25+, `bin/fnk prepare` links the JDK for the module path and records an
            AOT cache of a training start in var/jvm, so the first JavaScript call answers
            in about half the time; the build runs it, `fnk version` says whether it is in
            use.
            """.formatted(wrap(DEV, 13), wrap(RUN, 13));

    private static final String SERVE = """
            Usage: fnk %1$s [-hV] [--shell] [--host=ADDR] [--log-format=FORMAT] [--port=N]
                           [DIR]
            %2$s
                  [DIR]                 Functions folder to serve (default: functions).
              -h, --help                Show this help message and exit.
                  --host=ADDR           Address to listen on (default: 127.0.0.1).
                  --log-format=FORMAT   Log lines as text, json (default: text).
                  --port=N              Port to listen on; 0 picks a free one (default:
                                          8080).
                  --shell               Open the Gogo shell on this terminal (lb, scr:list,
                                          ...).
              -V, --version             Print version information and exit.
            """;

    /** {@code fnk version --help}. */
    static final String VERSION = """
            Usage: fnk version [-h]
            Print the fnkernel version and its components.
              -h, --help   Show this help message and exit.
            """;

    private Usage() {
    }

    /**
     * @param command {@code dev} or {@code run}
     * @return the help of that command
     */
    static String serve(String command) {
        return SERVE.formatted(command, wrap(command.equals("dev") ? DEV : RUN, 0));
    }

    /** Breaks the text between words so no line passes column 80; lines after the first start at {@code column}. */
    private static String wrap(String text, int column) {
        StringBuilder b = new StringBuilder();
        int reached = column;
        for (String word : text.split(" ")) {
            if (b.length() > 0 && reached + 1 + word.length() > 80) {
                b.append('\n').append(" ".repeat(column));
                reached = column;
            } else if (b.length() > 0) {
                b.append(' ');
                reached++;
            }
            b.append(word);
            reached += word.length();
        }
        return b.toString();
    }
}
