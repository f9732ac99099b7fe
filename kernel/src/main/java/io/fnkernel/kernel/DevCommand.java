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
    private ServeOptions options;

    @Override
    public Integer call() throws StartupException {
        return Kernel.serve(KernelConfig.from(options, KernelProperties.MODE_DEV));
    }
}
