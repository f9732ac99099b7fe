package io.fnkernel.kernel;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code fnk dev} and {@code fnk run} take from outside the command line: the installation
 * folder, the environment and the kernel that serves.
 *
 * @param home the installation folder (holds bundle/, deploy/, conf/)
 * @param env the process environment
 * @param launcher runs the kernel ({@link Kernel#serve})
 */
record ServeContext(Path home, Map<String, String> env, Launcher launcher) {

    /** Runs the kernel with a configuration and returns the exit code. */
    @FunctionalInterface
    interface Launcher {
        int serve(KernelConfig cfg) throws StartupException;
    }

    /**
     * The context of this process.
     *
     * @param shutdown turns signals into a stop
     * @return the context
     */
    static ServeContext system(Shutdown shutdown) {
        return new ServeContext(KernelConfig.defaultHome(), System.getenv(), cfg -> Kernel.serve(cfg, shutdown));
    }

    /**
     * Serves with the parsed options.
     *
     * @param options the parsed options
     * @param mode {@code dev} or {@code run}
     * @return the exit code
     * @throws StartupException when it could not start serving
     */
    int serve(ServeOptions options, String mode) throws StartupException {
        return launcher.serve(KernelConfig.from(options, mode, home, env));
    }
}
