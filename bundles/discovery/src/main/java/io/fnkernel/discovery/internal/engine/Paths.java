package io.fnkernel.discovery.internal.engine;

import java.nio.file.Path;

/** Paths as published: relative to the functions folder, with {@code /}. */
final class Paths {

    private Paths() {
    }

    /** @return {@code file} relative to {@code root} when inside it, else (and for the root itself) absolute; null for null */
    static String rel(Path root, Path file) {
        if (file == null) {
            return null;
        }
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(root) && !f.equals(root) ? root.relativize(f).toString().replace('\\', '/') : f.toString();
    }
}
