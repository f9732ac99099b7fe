package io.fnkernel.runtime.python.internal;

import io.fnkernel.runtime.support.FileTrees;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** A private copy of a function version's folder that its workers import from, so the version runs the code it was loaded from. */
final class CodeSnapshot {

    /** Stops copying a folder past this many files. */
    static final int MAX_FILES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(CodeSnapshot.class);
    private static final int MAX_DEPTH = 32;
    /** Dependency caches, left out as the dot-folders (pip's {@code .fnk/python-deps}, {@code .venv}) are. */
    private static final Set<String> SKIPPED_DIRS = Set.of("__pycache__", "node_modules");

    private final Path directory;
    private final Path root;

    private CodeSnapshot(Path directory, Path root) {
        this.directory = directory;
        this.root = root;
    }

    /**
     * Copies the function's folder: every file except those in dot-folders, {@code __pycache__},
     * {@code node_modules}, virtualenvs and, for a default version, its version folders.
     *
     * @param source the function
     * @param parent the folder to create the copy in
     * @param maxBytes the most bytes the copied files may hold together
     * @return the copy
     * @throws FunctionLoadException naming the folder when it holds too much or cannot be copied
     */
    static CodeSnapshot take(FunctionSource source, Path parent, long maxBytes) throws FunctionLoadException {
        Path dir = source.directory();
        Path root = null;
        try {
            Files.createDirectories(parent);
            root = Files.createTempDirectory(parent, source.name().replaceAll("[^A-Za-z0-9_.-]", "_") + "@" + source.version() + "-");
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH,
                    new Copier(dir, root, source.ref().isDefault(), maxBytes));
            return new CodeSnapshot(dir, root);
        } catch (TooMuch e) {
            FileTrees.delete(root);
            throw new FunctionLoadException("the function folder " + dir + " holds more than " + e.getMessage()
                    + " (dot-folders, __pycache__ and node_modules not counted); each loaded Python version runs from"
                    + " a private copy of it, so move large data out of the folder" + e.advice, source.entry());
        } catch (IOException e) {
            FileTrees.delete(root);
            throw new FunctionLoadException("cannot copy the function folder " + dir + " for loading: " + e, source.entry());
        }
    }

    /**
     * Names a runtime's own folder of snapshots under its work folder, first deleting the folders
     * that runtimes of processes no longer running left behind.
     *
     * @param workDir the runtime's work folder
     * @return a folder no other runtime uses; created by the first {@link #take}
     */
    static Path folderFor(Path workDir) {
        Path all = workDir.resolve("snapshots");
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(all, "run-*")) {
            for (Path run : runs) {
                String[] parts = run.getFileName().toString().split("-");
                if (parts.length < 3 || !parts[1].matches("\\d{1,18}") || ProcessHandle.of(Long.parseLong(parts[1])).isEmpty()) {
                    FileTrees.delete(run);
                }
            }
        } catch (NoSuchFileException e) {
            // nothing left behind
        } catch (IOException e) {
            LOG.warn("python runtime: cannot clean {}: {}", all, e.toString());
        }
        return all.resolve("run-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** @return the copy of the function folder */
    Path root() {
        return root;
    }

    /** @return where a file of the function folder is in the copy */
    Path resolve(Path file) {
        return root.resolve(directory.relativize(file).toString());
    }

    /** Deletes the copy; safe to repeat. */
    void delete() {
        FileTrees.delete(root);
    }

    /** A limit the folder exceeds, as its message, and what else the user may do about it. */
    private static final class TooMuch extends IOException {
        private final String advice;

        TooMuch(String limit, String advice) {
            super(limit);
            this.advice = advice;
        }
    }

    /** Copies regular files (following links), skipping caches, and counts what it copied against the limits. */
    private static final class Copier extends SimpleFileVisitor<Path> {
        private final Path from;
        private final Path to;
        private final boolean skipVersions;
        private final long maxBytes;
        private long bytes;
        private int files;

        Copier(Path from, Path to, boolean skipVersions, long maxBytes) {
            this.from = from;
            this.to = to;
            this.skipVersions = skipVersions;
            this.maxBytes = maxBytes;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (!dir.equals(from)) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".") || SKIPPED_DIRS.contains(name) || Files.isRegularFile(dir.resolve("pyvenv.cfg"))
                        || skipVersions && dir.getParent().equals(from) && FunctionRef.isVersionFolder(name)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
            }
            Files.createDirectories(target(dir));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (!attrs.isRegularFile()) {
                return FileVisitResult.CONTINUE;
            }
            bytes += attrs.size();
            if (bytes > maxBytes) {
                throw new TooMuch(maxBytes + " bytes", " or raise " + PythonConfig.SNAPSHOT_MAX_BYTES);
            }
            if (++files > MAX_FILES) {
                throw new TooMuch(MAX_FILES + " files", "");
            }
            try {
                Files.copy(file, target(file));
            } catch (NoSuchFileException | AccessDeniedException e) {
                LOG.debug("python runtime: not copied: {}", e.toString()); // removed meanwhile, or unreadable to the handler too
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (file.equals(from)) {
                throw e;
            }
            if (e instanceof FileSystemLoopException || e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
                return FileVisitResult.CONTINUE; // a link loop, a dangling link, a file removed meanwhile, an unreadable folder
            }
            throw e;
        }

        private Path target(Path p) {
            return to.resolve(from.relativize(p).toString());
        }
    }
}
