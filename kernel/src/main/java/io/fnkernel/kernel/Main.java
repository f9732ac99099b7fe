package io.fnkernel.kernel;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fnk} command line: parses arguments and dispatches to the sub-commands. */
@Command(name = "fnk",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "fnkernel: serverless functions on an OSGi microkernel.%n"
                + "Every file in a functions folder becomes an HTTP route; versions in v2/ folders are served at /name@v2.",
        subcommands = {DevCommand.class, RunCommand.class, VersionCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly (SIGTERM or Ctrl-C)", "1:failed while running", "2:could not start (bad option, port in use, missing folder, unresolved bundle, JDK too old)"})
public final class Main implements Runnable {

    /** Exit code for problems found before the platform could serve. */
    public static final int EXIT_STARTUP = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs {@code fnk}.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs {@code fnk} and returns its exit code instead of exiting.
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        if (Runtime.version().feature() < 17) {
            System.err.println("fnk: Java 17 or newer is needed; this is Java " + Runtime.version());
            return EXIT_STARTUP;
        }
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof StartupException se) {
                line.getErr().println("fnk: " + se.getMessage());
                return EXIT_STARTUP;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
