package io.fnkernel.kernel;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fnk} command line: parses arguments and dispatches to the sub-commands. */
@Command(name = "fnk",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "fnkernel: serverless functions on an OSGi microkernel.%n"
                + "Every file in a functions folder becomes an HTTP route; versions in v2/ folders are served at /name@v2.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly (SIGTERM or Ctrl-C, also during start-up)", "1:failed while running",
            "2:could not start (bad option, port in use, missing folder, unresolved bundle, JDK too old)",
            "130:a second SIGTERM or Ctrl-C ended fnk without waiting for the stop"},
        footer = {"%nOn JDK 25+, `bin/fnk prepare` links the JDK for the module path and records an AOT cache of a"
            + " training start in var/jvm, so the first JavaScript call answers in about half the time; the build runs it, `fnk version` says"
            + " whether it is in use."})
public final class Main implements Runnable {

    /** Exit code for problems found before the platform could serve. */
    public static final int EXIT_STARTUP = 2;

    /** How long the JVM's shutdown hooks get before the process ends anyway. */
    static final long EXIT_HOOKS_MS = 3_000;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs {@code fnk}, turning SIGTERM and Ctrl-C into a clean stop from the first moment.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        Shutdown shutdown = new Shutdown(KernelConfig.DRAIN_MS);
        shutdown.install();
        exit(commandLine(ServeContext.system(shutdown)).execute(args));
    }

    /**
     * Exits with the code, giving the JVM's shutdown hooks (logback writing out its queue, GraalJS
     * closing engines) {@value #EXIT_HOOKS_MS} ms: a hook stuck on an engine whose load was cut off
     * by the stop must not keep the process alive.
     */
    private static void exit(int code) {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(EXIT_HOOKS_MS);
                Runtime.getRuntime().halt(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fnk-exit-guard");
        halt.setDaemon(true);
        halt.start();
        System.exit(code);
    }

    /**
     * Runs {@code fnk} and returns its exit code instead of exiting; signals are left to the caller.
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        return commandLine(ServeContext.system(new Shutdown(KernelConfig.DRAIN_MS))).execute(args);
    }

    /**
     * The {@code fnk} command line. (The JDK version is checked by bin/fnk: this class is compiled
     * for Java 17, so an older JVM could not even load it.)
     *
     * @param context what the serve commands use besides their options
     * @return the command line, reporting a {@link StartupException} as one line and exit code 2
     */
    static CommandLine commandLine(ServeContext context) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(new DevCommand(context));
        cl.addSubcommand(new RunCommand(context));
        cl.addSubcommand(new VersionCommand());
        cl.addSubcommand(new CommandLine.HelpCommand());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof StartupException se) {
                line.getErr().println("fnk: " + se.getMessage());
                return EXIT_STARTUP;
            }
            throw ex;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
