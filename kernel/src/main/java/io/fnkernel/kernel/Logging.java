package io.fnkernel.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses the logback configuration (human lines or JSON lines) before the first logger is created. */
final class Logging {

    private Logging() {
    }

    /**
     * Points logback at {@code conf/logback-<format>.xml}, or at the built-in copy when the
     * distribution's conf/ folder lacks it.
     *
     * @param confDir the distribution's conf/ folder
     * @param format the log format
     */
    static void configure(Path confDir, ServeOptions.LogFormat format) {
        if (System.getProperty("logback.configurationFile") != null) {
            return;
        }
        String name = "logback-" + format.name() + ".xml";
        Path file = confDir.resolve(name);
        String location = Files.isRegularFile(file) ? file.toString()
                : String.valueOf(Logging.class.getResource(name));
        System.setProperty("logback.configurationFile", location);
    }
}
