package io.fnkernel.runtime.node.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one function version's code sees of its folder: every lookup and read is answered once from
 * disk and then from memory, so all contexts of the version run the same code even when files
 * change underneath, and later contexts start without touching the disk. Paths outside the folder
 * (after following links) do not exist; the virtual Node built-in stubs do. The folder's
 * {@code node_modules/} can be served from the runtime's private npm install instead.
 */
final class FileSnapshot {

    private static final int MAX_ENTRIES = 10_000;
    private static final long MAX_CACHED_BYTES = 64L << 20;

    private final Path root;
    private final Path realRoot;
    private final Map<Path, byte[]> virtualFiles;
    private final Path modules;
    private final Path realModules;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Map<Path, Object> realPaths = new ConcurrentHashMap<>();
    private final Map<Path, byte[]> contents = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    /**
     * @param root the function folder, absolute
     * @param virtualFiles files that exist only in memory, by absolute path
     * @throws IOException when the folder does not exist
     */
    FileSnapshot(Path root, Map<Path, byte[]> virtualFiles) throws IOException {
        this(root, virtualFiles, null);
    }

    /**
     * @param root the function folder, absolute
     * @param virtualFiles files that exist only in memory, by absolute path
     * @param modules the folder read as the function folder's {@code node_modules/}, or null for its own
     * @throws IOException when the folder does not exist
     */
    FileSnapshot(Path root, Map<Path, byte[]> virtualFiles, Path modules) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
        this.virtualFiles = virtualFiles;
        this.modules = modules == null ? null : modules.toAbsolutePath().normalize();
        this.realModules = this.modules == null ? null
                : Files.isDirectory(this.modules) ? this.modules.toRealPath() : this.modules;
    }

    /** @return the function folder */
    Path root() {
        return root;
    }

    /**
     * @param path an absolute path
     * @param names the attributes asked for, as {@link Files#readAttributes(Path, String, LinkOption...)}
     * @param options link options
     * @return the attributes
     * @throws IOException NoSuchFileException when it does not exist or lies outside the folder
     */
    Map<String, Object> attributes(Path path, String names, LinkOption... options) throws IOException {
        Path p = confine(path);
        if (isVirtual(p)) {
            return virtualAttributes(p);
        }
        String key = p + "\0" + names + "\0" + Arrays.toString(options);
        Object cached = attributes.get(key);
        if (cached == null) {
            try {
                toRealPath(p);
                cached = Collections.unmodifiableMap(new HashMap<>(Files.readAttributes(onDisk(p), names, options)));
            } catch (IOException e) {
                cached = e;
            }
            remember(attributes, key, cached);
        }
        return result(cached);
    }

    /**
     * @param path an absolute path
     * @return its real path, inside the folder
     * @throws IOException NoSuchFileException when it does not exist or leads outside the folder
     */
    Path toRealPath(Path path) throws IOException {
        Path p = confine(path);
        if (isVirtual(p)) {
            return p;
        }
        Object cached = realPaths.get(p);
        if (cached == null) {
            try {
                cached = realPathOf(p);
            } catch (IOException e) {
                cached = e;
            }
            remember(realPaths, p, cached);
        }
        return result(cached);
    }

    /**
     * @param path an absolute path
     * @return the file's bytes, as first read
     * @throws IOException when it cannot be read or lies outside the folder
     */
    byte[] read(Path path) throws IOException {
        Path p = confine(path);
        byte[] v = virtualFiles.get(p);
        if (v != null) {
            return v;
        }
        Path real = toRealPath(p);
        byte[] bytes = contents.get(real);
        if (bytes == null) {
            bytes = Files.readAllBytes(onDisk(real));
            if (contents.size() < MAX_ENTRIES && cachedBytes.addAndGet(bytes.length) <= MAX_CACHED_BYTES) {
                byte[] first = contents.putIfAbsent(real, bytes);
                bytes = first == null ? bytes : first;
            }
        }
        return bytes;
    }

    /**
     * @param path an absolute path
     * @return the normalised path
     * @throws NoSuchFileException when it lies outside the function folder and the virtual files
     */
    Path confine(Path path) throws NoSuchFileException {
        Path p = path.normalize();
        if (p.startsWith(root) || p.startsWith(realRoot) || p.startsWith(NodeBuiltins.DIR)) {
            return p;
        }
        throw new NoSuchFileException(path.toString(), null, "outside the function folder");
    }

    /** The real path as the function sees it: inside its folder, also for the mapped {@code node_modules/}. */
    private Path realPathOf(Path p) throws IOException {
        Path mapped = onDisk(p);
        if (mapped == p) {
            Path real = p.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new NoSuchFileException(p.toString(), null, "it links outside the function folder");
            }
            return real;
        }
        Path real = mapped.toRealPath();
        if (!real.startsWith(realModules)) {
            throw new NoSuchFileException(p.toString(), null, "it links outside the installed node_modules");
        }
        return realRoot.resolve("node_modules").resolve(realModules.relativize(real).toString());
    }

    /** @return where a path of the function's view lies on disk: itself, or inside the mapped {@code node_modules/} */
    private Path onDisk(Path p) {
        if (modules == null) {
            return p;
        }
        for (Path base : new Path[]{root, realRoot}) {
            Path nm = base.resolve("node_modules");
            if (p.startsWith(nm)) {
                return modules.resolve(nm.relativize(p).toString());
            }
        }
        return p;
    }

    private boolean isVirtual(Path p) {
        return p.startsWith(NodeBuiltins.DIR);
    }

    private Map<String, Object> virtualAttributes(Path p) throws NoSuchFileException {
        byte[] file = virtualFiles.get(p);
        boolean dir = file == null && virtualFiles.keySet().stream().anyMatch(f -> f.startsWith(p));
        if (file == null && !dir) {
            throw new NoSuchFileException(p.toString());
        }
        FileTime epoch = FileTime.fromMillis(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("isRegularFile", file != null);
        m.put("isDirectory", dir);
        m.put("isSymbolicLink", false);
        m.put("isOther", false);
        m.put("size", file == null ? 0L : (long) file.length);
        m.put("lastModifiedTime", epoch);
        m.put("lastAccessTime", epoch);
        m.put("creationTime", epoch);
        m.put("fileKey", null);
        return m;
    }

    private static <K> void remember(Map<K, Object> memo, K key, Object value) {
        if (memo.size() < MAX_ENTRIES) {
            memo.putIfAbsent(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T result(Object cached) throws IOException {
        if (cached instanceof IOException e) {
            throw e;
        }
        return (T) cached;
    }
}
