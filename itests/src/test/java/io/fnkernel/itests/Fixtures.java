package io.fnkernel.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes function files for the integration tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * Creates a fresh functions folder and remembers it in a system property, since Pax Exam's
     * configuration and the test methods see different copies of the test class.
     *
     * @param key the system property to keep the folder's path in
     * @return the folder
     */
    public static Path newFunctionsDir(String key) {
        try {
            Path dir = Files.createTempDirectory("fnk-it-");
            System.setProperty(key, dir.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a file, creating its folders.
     *
     * @param root the functions folder
     * @param relative the file's path below it
     * @param content the content
     */
    public static void write(Path root, String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes a file or folder tree.
     *
     * @param root the functions folder
     * @param relative the path below it
     */
    public static void delete(Path root, String relative) {
        try (var walk = Files.walk(root.resolve(relative))) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JavaScript handler answering {@code {"v": value}}.
     *
     * @param value the marker
     * @return the source
     */
    public static String js(String value) {
        return "exports.handler = () => ({ v: '" + value + "' });\n";
    }

    /**
     * A Python handler answering {@code {"v": value}}.
     *
     * @param value the marker
     * @return the source
     */
    public static String py(String value) {
        return "def handler(event):\n    return {\"v\": \"" + value + "\"}\n";
    }
}
