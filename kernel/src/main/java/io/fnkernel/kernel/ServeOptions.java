package io.fnkernel.kernel;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** The options {@code fnk dev} and {@code fnk run} share. */
final class ServeOptions {

    /** Log line formats. */
    enum LogFormat { text, json }

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "functions",
            description = "Functions folder to serve (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Log lines as ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(names = "--shell", description = "Open the Gogo shell on this terminal (lb, scr:list, ...).")
    boolean shell;
}
