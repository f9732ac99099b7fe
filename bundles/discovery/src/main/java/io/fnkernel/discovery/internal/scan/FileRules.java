package io.fnkernel.discovery.internal.scan;

import java.util.Locale;
import java.util.Set;

/** Which files and folders discovery leaves alone: dependency caches, dot-folders, private helpers, tests, editor temp files. */
public final class FileRules {

    /** Folders that never hold routes. */
    private static final Set<String> IGNORED_DIRS = Set.of("node_modules", "__pycache__", "vendor");
    /** Folders left out of a function's revision (dependency caches). */
    private static final Set<String> UNHASHED_DIRS = Set.of("node_modules", "__pycache__");

    private FileRules() {
    }

    /** @return true for folders never scanned for routes: dot-folders, {@code node_modules}, {@code __pycache__}, {@code vendor} */
    public static boolean ignoredDir(String name) {
        return name.startsWith(".") || IGNORED_DIRS.contains(name);
    }

    /** @return true for folders whose content does not count towards a revision */
    static boolean unhashedDir(String name) {
        return name.startsWith(".") || UNHASHED_DIRS.contains(name);
    }

    /** @return true for files that are never routes nor part of a revision: dot-files and editor temp files */
    public static boolean ignoredFile(String name) {
        return name.startsWith(".") || isEditorTemp(name);
    }

    /**
     * @param name a file name
     * @return true for files editors write while saving: {@code *.swp}, {@code *.swx}, {@code *~},
     *         {@code .#*}, {@code 4913}, {@code *.tmp}, {@code *.part}
     */
    public static boolean isEditorTemp(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".swp") || n.endsWith(".swx") || n.endsWith("~") || n.startsWith(".#")
                || n.equals("4913") || n.endsWith(".tmp") || n.endsWith(".part");
    }

    /** @return true for a base name (no extension) that is private: {@code _helper}, {@code x.test}, {@code x.spec} */
    static boolean privateBase(String base) {
        String b = base.toLowerCase(Locale.ROOT);
        return b.startsWith("_") || b.endsWith(".test") || b.endsWith(".spec") || b.contains(".test.") || b.contains(".spec.");
    }
}
