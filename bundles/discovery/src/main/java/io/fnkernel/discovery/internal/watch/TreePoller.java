package io.fnkernel.discovery.internal.watch;

import io.fnkernel.discovery.internal.scan.FileRules;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Finds changes by comparing the size and modification time of every watched file with the last poll. */
final class TreePoller {

    private final Path root;
    private final int maxDepth;
    private Map<Path, ChangeBatcher.Stamp> last = Map.of();

    TreePoller(Path root, int maxDepth) {
        this.root = root;
        this.maxDepth = maxDepth;
    }

    /** Compares with the last poll and records every difference; with a null batcher, only takes the baseline. */
    void poll(ChangeBatcher batcher, long now) {
        Map<Path, ChangeBatcher.Stamp> current = files();
        if (batcher != null) {
            Set<Path> all = new HashSet<>(last.keySet());
            all.addAll(current.keySet());
            for (Path p : all) {
                if (!Objects.equals(last.get(p), current.get(p))) {
                    batcher.record(p, now);
                }
            }
        }
        last = current;
    }

    private Map<Path, ChangeBatcher.Stamp> files() {
        Map<Path, ChangeBatcher.Stamp> out = new HashMap<>();
        Path rootReal;
        try {
            rootReal = root.toRealPath();
        } catch (IOException e) {
            return out;
        }
        walk(root, rootReal, root, maxDepth, (p, a, dir) -> {
            if (!dir && !FileRules.ignoredFile(p.getFileName().toString())) {
                out.put(p, new ChangeBatcher.Stamp(true, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
            }
        });
        return out;
    }

    /** @return {@code top} and the folders below it that are watched: not ignored, inside the root, within the depth */
    static List<Path> folders(Path top, Path rootReal, Path root, int maxDepth) {
        List<Path> out = new ArrayList<>();
        walk(top, rootReal, root, maxDepth, (p, a, dir) -> {
            if (dir) {
                out.add(p);
            }
        });
        return out;
    }

    private interface Visitor {
        void visit(Path path, BasicFileAttributes attrs, boolean directory);
    }

    private static void walk(Path top, Path rootReal, Path root, int maxDepth, Visitor visitor) {
        int below = top.startsWith(root) ? root.relativize(top).getNameCount() : 0;
        if (below > maxDepth || !Files.isDirectory(top)) {
            return;
        }
        try {
            Files.walkFileTree(top, EnumSet.of(FileVisitOption.FOLLOW_LINKS), maxDepth - below + 1,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                            if (!dir.equals(top) && FileRules.ignoredDir(dir.getFileName().toString())) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            if (!dir.toRealPath().startsWith(rootReal)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            visitor.visit(dir, attrs, true);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                            if (attrs.isRegularFile() && file.toRealPath().startsWith(rootReal)) {
                                visitor.visit(file, attrs, false);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            // the folder vanished while walking; the next poll or event catches up
        }
    }
}
