package io.fnkernel.discovery.internal.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Computes revisions: a SHA-256 over a function's files and its effective settings. File digests
 * are cached by size and modification time, except for files modified in the last two seconds, so
 * a rescan reads only what changed and a same-size edit within one timestamp tick is never missed.
 */
public final class ContentHasher {

    /** Files modified more recently than this are always re-read. */
    private static final long RACY_MS = 2000;
    /** Stops walking a function's folder past this many files. */
    private static final int MAX_FILES = 20_000;
    private static final int MAX_DEPTH = 12;

    private record Cached(long size, long mtime, byte[] digest) {
    }

    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();
    private final Set<Path> touched = ConcurrentHashMap.newKeySet();

    /**
     * Lists the files of a folder that count towards its revision, recursively: everything but
     * dependency caches, dot-files and dot-folders, editor temp files, and symlinks leading out of {@code rootReal}.
     *
     * @param dir the folder
     * @param rootReal the real path of the functions folder
     * @param skipDir folders to leave out (version folders of a default version)
     * @return the files, absolute
     */
    List<Path> tree(Path dir, Path rootReal, Predicate<Path> skipDir) {
        List<Path> out = new ArrayList<>();
        walk(dir, rootReal, skipDir, 0, out);
        return out;
    }

    private void walk(Path dir, Path rootReal, Predicate<Path> skipDir, int depth, List<Path> out) {
        if (depth > MAX_DEPTH || out.size() >= MAX_FILES) {
            return;
        }
        for (Listing.Item item : Listing.quiet(dir, rootReal)) {
            if (item.directory()) {
                if (!FileRules.unhashedDir(item.name()) && !skipDir.test(item.path())) {
                    walk(item.path(), rootReal, skipDir, depth + 1, out);
                }
            } else if (!FileRules.ignoredFile(item.name()) && out.size() < MAX_FILES) {
                out.add(item.path());
            }
        }
    }

    /**
     * Hashes files and a description of the settings into a revision.
     *
     * @param base the folder file names are taken relative to
     * @param files the files
     * @param descriptor the effective settings, in a stable text form
     * @return 16 hex digits
     */
    String revision(Path base, Collection<Path> files, String descriptor) {
        MessageDigest md = sha256();
        md.update(descriptor.getBytes(StandardCharsets.UTF_8));
        Map<String, Path> sorted = new TreeMap<>();
        for (Path f : files) {
            sorted.put(base.relativize(f).toString().replace('\\', '/'), f);
        }
        for (Map.Entry<String, Path> e : sorted.entrySet()) {
            md.update((byte) 0);
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(digest(e.getValue()));
        }
        return HexFormat.of().formatHex(md.digest(), 0, 8);
    }

    /** Forgets cached digests of files not hashed since the last call; called after each scan. */
    void endScan() {
        cache.keySet().retainAll(touched);
        touched.clear();
    }

    private byte[] digest(Path file) {
        touched.add(file);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            long mtime = a.lastModifiedTime().toMillis();
            Cached c = cache.get(file);
            if (c != null && c.size == a.size() && c.mtime == mtime) {
                return c.digest;
            }
            MessageDigest md = sha256();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            byte[] d = md.digest();
            if (System.currentTimeMillis() - mtime > RACY_MS) {
                cache.put(file, new Cached(a.size(), mtime, d));
            } else {
                cache.remove(file);
            }
            return d;
        } catch (IOException e) {
            return ("unreadable " + e.getClass().getSimpleName()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

}
