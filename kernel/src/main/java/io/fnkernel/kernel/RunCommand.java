package io.fnkernel.kernel;

import io.fnkernel.api.KernelProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code fnk run}: serves a functions folder as a service, without the development conveniences. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Serve a functions folder in production: same routes and hot swaps, quieter output.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ServeOptions options;

    private final ServeContext context;

    /**
     * @param context the installation folder, environment and kernel to serve with
     */
    RunCommand(ServeContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws StartupException {
        return context.serve(options, KernelProperties.MODE_RUN);
    }
}
