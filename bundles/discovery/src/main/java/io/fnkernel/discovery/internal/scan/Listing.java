package io.fnkernel.discovery.internal.scan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** Lists a folder's files and sub-folders, following symlinks only when they stay inside the functions folder. */
final class Listing {

    /**
     * One entry of a folder.
     *
     * @param name the entry's name
     * @param path its path (through the link, when it is a symlink)
     * @param directory true for a folder
     */
    record Item(String name, Path path, boolean directory) {
    }

    private Listing() {
    }

    /**
     * Lists a folder.
     *
     * @param dir the folder
     * @param rootReal the real path of the functions folder
     * @param warnings receives a warning for each symlink leading outside it
     * @return files and folders, by name
     * @throws IOException when the folder cannot be read, or changed while being read (the caller keeps
     *         what it serves and the next scan, which the change triggers, reads it again)
     */
    static List<Item> list(Path dir, Path rootReal, Consumer<Problem> warnings) throws IOException {
        List<Item> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Item item = item(p, rootReal, warnings);
                if (item != null) {
                    out.add(item);
                }
            }
        }
        out.sort(Comparator.comparing(Item::name));
        return out;
    }

    /** Lists a folder, treating an unreadable one as empty and dropping warnings. */
    static List<Item> quiet(Path dir, Path rootReal) {
        try {
            return list(dir, rootReal, w -> { });
        } catch (IOException e) {
            return List.of();
        }
    }

    /** @return the entry, or null for what is never served; throws when the entry vanished while listing */
    private static Item item(Path p, Path rootReal, Consumer<Problem> warnings) throws IOException {
        String name = p.getFileName().toString();
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            Path real;
            try {
                real = p.toRealPath();
                a = Files.readAttributes(real, BasicFileAttributes.class);
            } catch (IOException e) {
                return null; // dangling link: nothing to serve
            }
            if (!real.startsWith(rootReal)) {
                warnings.accept(Problem.warning(io.fnkernel.api.dto.FailureDTO.KIND_SCAN, p,
                        "symlink leads outside the functions folder (to " + real + "); not followed"));
                return null;
            }
        }
        if (a.isDirectory()) {
            return new Item(name, p, true);
        }
        return a.isRegularFile() ? new Item(name, p, false) : null;
    }
}
