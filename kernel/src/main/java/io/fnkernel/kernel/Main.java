package io.fnkernel.kernel;

import io.fnkernel.api.KernelProperties;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code fnk} command line: parses arguments and dispatches to the commands. Parsed by hand:
 * picocli, compiled for Java 5, can never be in the JVM's AOT cache and took 0.3 s of every start.
 */
public final class Main {

    /** Exit code for problems found before the platform could serve. */
    public static final int EXIT_STARTUP = 2;
    /** Exit code for a command line that does not fit the usage. */
    static final int EXIT_USAGE = 2;

    /** How long the JVM's shutdown hooks get before the process ends anyway. */
    static final long EXIT_HOOKS_MS = 3_000;

    private final ServeContext context;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param context what the serve commands use besides their options
     * @param out where help and versions go
     * @param err where usage errors and start-up failures go
     */
    Main(ServeContext context, PrintWriter out, PrintWriter err) {
        this.context = context;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs {@code fnk}, turning SIGTERM and Ctrl-C into a clean stop from the first moment.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        Shutdown shutdown = new Shutdown(KernelConfig.DRAIN_MS);
        shutdown.install();
        exit(new Main(ServeContext.system(shutdown), new PrintWriter(System.out, true), new PrintWriter(System.err, true)).run(args));
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
     * Runs one command line. (The JDK version is checked by bin/fnk: this class is compiled for
     * Java 17, so an older JVM could not even load it.)
     *
     * @param args the arguments
     * @return the exit code: {@link #EXIT_USAGE} with the message and the usage on the error stream
     *         for a command line that does not fit, {@link #EXIT_STARTUP} with one line for a
     *         {@link StartupException}
     */
    int run(String... args) {
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        String command = args.length == 0 ? "--help" : args[0];
        try {
            return switch (command) {
                case "dev" -> serve(KernelProperties.MODE_DEV, rest);
                case "run" -> serve(KernelProperties.MODE_RUN, rest);
                case "version" -> version(rest);
                case "help" -> help(rest);
                case "-h", "--help" -> print(Usage.MAIN);
                case "-V", "--version" -> version(List.of());
                default -> usageError(command.startsWith("-") ? "Unknown option: '" + command + "'"
                        : "Unknown command at index 0: '" + command + "' (dev, run, version or help)", Usage.MAIN);
            };
        } catch (StartupException e) {
            err.println("fnk: " + e.getMessage());
            return EXIT_STARTUP;
        }
    }

    private int serve(String mode, List<String> args) throws StartupException {
        ServeOptions options;
        try {
            options = ServeOptions.parse(args, 1);
        } catch (ServeOptions.UsageException e) {
            return usageError(e.getMessage(), Usage.serve(mode));
        }
        if (options.help) {
            return print(Usage.serve(mode));
        }
        if (options.version) {
            return version(List.of());
        }
        return context.serve(options, mode);
    }

    private int version(List<String> args) {
        if (args.isEmpty()) {
            VersionInfo.lines().forEach(out::println);
            return 0;
        }
        if (args.size() == 1 && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            return print(Usage.VERSION);
        }
        return usageError("Unmatched argument at index 1: '" + args.get(0) + "'", Usage.VERSION);
    }

    private int help(List<String> args) {
        if (args.isEmpty()) {
            return print(Usage.MAIN);
        }
        return switch (args.get(0)) {
            case "dev", "run" -> print(Usage.serve(args.get(0)));
            case "version" -> print(Usage.VERSION);
            default -> usageError("Unknown command: '" + args.get(0) + "' (dev, run or version)", Usage.MAIN);
        };
    }

    private int print(String text) {
        out.print(text);
        out.flush();
        return 0;
    }

    private int usageError(String message, String usage) {
        err.println(message);
        err.print(usage);
        err.flush();
        return EXIT_USAGE;
    }
}
