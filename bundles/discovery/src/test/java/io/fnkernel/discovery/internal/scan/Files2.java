package io.fnkernel.discovery.internal.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes test trees. */
public final class Files2 {

    private Files2() {
    }

    /** Writes {@code text} to {@code root/rel}, creating folders. */
    public static Path write(Path root, String rel, String text) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a small handler whose content is unique to {@code rel}. */
    /**
     * Writes a file the way careful editors do (a hidden temp file, then an atomic rename), so no
     * scan can see it half-written: tests whose fake runtime would accept an empty file use this.
     *
     * @param root the functions folder
     * @param rel the file below it
     * @param text the content
     * @return the file
     */
    public static Path writeAtomically(Path root, String rel, String text) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path handler(Path root, String rel) {
        return write(root, rel, "// " + rel + "\n");
    }
}
