package io.fnkernel.runtime.node.internal;

import org.graalvm.polyglot.io.FileSystem;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;

/**
 * The only file system a function's JavaScript sees: its own folder, read-only, through the
 * version's {@link FileSnapshot}. It serves CommonJS {@code require}; nothing else in the guest can
 * reach files. Writes, listings and paths outside the folder fail.
 */
final class ConfinedFileSystem implements FileSystem {

    private final FileSnapshot files;

    ConfinedFileSystem(FileSnapshot files) {
        this.files = files;
    }

    @Override
    public Path parsePath(URI uri) {
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new UnsupportedOperationException("only file: URIs are supported, got " + uri.getScheme());
        }
        return Paths.get(uri);
    }

    @Override
    public Path parsePath(String path) {
        return Paths.get(path);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return path.isAbsolute() ? path : files.root().resolve(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
        return files.toRealPath(toAbsolutePath(path));
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
        if (modes.contains(AccessMode.WRITE)) {
            throw readOnly(path);
        }
        files.attributes(toAbsolutePath(path), "basic:isRegularFile", linkOptions);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return files.attributes(toAbsolutePath(path), attributes, options);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        for (OpenOption o : options) {
            if (o != StandardOpenOption.READ && o != LinkOption.NOFOLLOW_LINKS) {
                throw readOnly(path);
            }
        }
        return new ByteArrayChannel(files.read(toAbsolutePath(path)));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        throw new AccessDeniedException(dir.toString(), null, "functions cannot list folders");
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw readOnly(dir);
    }

    @Override
    public void delete(Path path) throws IOException {
        throw readOnly(path);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        throw readOnly(target);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        throw readOnly(target);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        throw readOnly(link);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        throw readOnly(link);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        throw readOnly(path);
    }

    @Override
    public void setCurrentWorkingDirectory(Path currentWorkingDirectory) {
        throw new UnsupportedOperationException("functions cannot change the working directory");
    }

    @Override
    public Path getTempDirectory() {
        throw new UnsupportedOperationException("functions have no temporary directory");
    }

    private static AccessDeniedException readOnly(Path path) {
        return new AccessDeniedException(String.valueOf(path), null, "the function folder is read-only");
    }
}
