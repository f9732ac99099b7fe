package io.fnkernel.kernel;

import io.fnkernel.api.KernelProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code fnk dev}: serves a functions folder with hot reload and developer-friendly output. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Serve a functions folder for development: hot reload, routes and docs printed at start.")
final class DevCommand implements Callable<Integer> {

    @Mixin
    ServeOptions options;

    private final ServeContext context;

    /**
     * @param context the installation folder, environment and kernel to serve with
     */
    DevCommand(ServeContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws StartupException {
        return context.serve(options, KernelProperties.MODE_DEV);
    }
}
