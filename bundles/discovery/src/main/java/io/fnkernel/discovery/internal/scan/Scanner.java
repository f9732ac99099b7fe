package io.fnkernel.discovery.internal.scan;

import java.nio.file.Path;

/**
 * Finds every function version in the functions folder, following FastFN's rules (single-entry
 * folders, file trees, mixed subtrees, folder overlays) with fnkernel's versions; pure Java, one
 * call per scan.
 */
public final class Scanner {

    /** Folders nested deeper than this below the functions folder are not scanned. */
    public static final int MAX_DEPTH = 6;

    private final Path root;
    private final RuntimeExtensions runtimes;
    private final ContentHasher hasher;

    /**
     * @param root the functions folder
     * @param runtimes which files are handlers of which runtime
     * @param hasher computes revisions, caching file digests between scans
     */
    public Scanner(Path root, RuntimeExtensions runtimes, ContentHasher hasher) {
        this.root = root.toAbsolutePath().normalize();
        this.runtimes = runtimes;
        this.hasher = hasher;
    }

    /** @return everything found in the functions folder now */
    public ScanResult scan() {
        try {
            return new Walk(root, runtimes, hasher).run();
        } finally {
            hasher.endScan();
        }
    }

    /** @return the functions folder, absolute */
    public Path root() {
        return root;
    }
}
