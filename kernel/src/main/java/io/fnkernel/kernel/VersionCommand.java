package io.fnkernel.kernel;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fnk version}: prints the versions fnk was built with and the Java it runs on. */
@Command(name = "version", description = "Print the fnkernel version and its components.")
final class VersionCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        for (String line : new VersionInfo().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
    }
}
