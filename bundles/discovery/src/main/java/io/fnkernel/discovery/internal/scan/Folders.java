package io.fnkernel.discovery.internal.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads a folder's {@code fn.config.json} and {@code fn.env.json}, either of which may be absent. */
final class Folders {

    static final String CONFIG = "fn.config.json";
    static final String ENV = "fn.env.json";

    private final RuntimeExtensions runtimes;
    private final Consumer<Problem> warnings;

    Folders(RuntimeExtensions runtimes, Consumer<Problem> warnings) {
        this.runtimes = runtimes;
        this.warnings = warnings;
    }

    /**
     * @param dir a folder
     * @return its config, or {@link FunctionConfig#EMPTY} without one
     * @throws ConfigException when the file is broken
     */
    FunctionConfig config(Path dir) throws ConfigException {
        Path file = dir.resolve(CONFIG);
        return Files.isRegularFile(file) ? ConfigReader.read(file, runtimes, warnings) : FunctionConfig.EMPTY;
    }

    /**
     * @param dir a folder
     * @return its environment, or an empty one without a file
     * @throws ConfigException when the file is broken
     */
    EnvReader.Env env(Path dir) throws ConfigException {
        Path file = dir.resolve(ENV);
        return Files.isRegularFile(file) ? EnvReader.read(file, warnings) : EnvReader.Env.EMPTY;
    }
}
