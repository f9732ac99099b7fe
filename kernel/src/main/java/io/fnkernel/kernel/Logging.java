package io.fnkernel.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Chooses the logback configuration (human lines or JSON lines) before the first logger is created. */
final class Logging {

    private Logging() {
    }

    /**
     * Selects {@code conf/logback-<format>.xml}: as written when that file differs from the one
     * shipped, else (unchanged or missing) the same configuration built in code by {@link BuiltInLogging},
     * which starts faster. {@code -Dlogback.configurationFile} overrides both.
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
        if (Files.isRegularFile(file) && !sameAsShipped(file, name)) {
            System.setProperty("logback.configurationFile", file.toString());
        } else {
            System.setProperty(BuiltInLogging.FORMAT_PROPERTY, format.name());
        }
    }

    /** @return true when the file holds exactly the shipped configuration (an unreadable one counts as edited) */
    static boolean sameAsShipped(Path file, String name) {
        try (InputStream in = Logging.class.getResourceAsStream(name)) {
            return in != null && Arrays.equals(in.readAllBytes(), Files.readAllBytes(file));
        } catch (IOException e) {
            return false;
        }
    }
}
