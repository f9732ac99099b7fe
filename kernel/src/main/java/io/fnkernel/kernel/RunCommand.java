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
    private ServeOptions options;

    @Override
    public Integer call() throws StartupException {
        return Kernel.serve(KernelConfig.from(options, KernelProperties.MODE_RUN));
    }
}
