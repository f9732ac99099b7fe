package io.fnkernel.api;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A function name with a version, written {@code hello@v2} and addressed as {@code /hello@v2};
 * namespaced names work the same way ({@code /api/users@v2}).
 *
 * @param name the function name, without leading or trailing {@code /}
 * @param version the version label, {@link FunctionVersion#DEFAULT_VERSION} for the default
 */
public record FunctionRef(String name, String version) {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern VERSION_FOLDER = Pattern.compile("v\\d[A-Za-z0-9_.-]*");

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the name is empty or the version is not a label
     */
    public FunctionRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/")) {
            throw new IllegalArgumentException("invalid function name '" + name + "'");
        }
        if (!isLabel(version)) {
            throw new IllegalArgumentException("invalid version '" + version + "' (use letters, digits, '_', '.', '-')");
        }
    }

    /**
     * Parses a request path of the form {@code /name@version}.
     *
     * @param path a decoded request path; a trailing {@code /} is ignored
     * @return the reference, or empty when the path is not of that form
     */
    public static Optional<FunctionRef> parsePath(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int at = p.lastIndexOf('@');
        int lastSlash = p.lastIndexOf('/');
        if (at < 0 || at < lastSlash) {
            return Optional.empty();
        }
        String name = p.substring(1, at);
        String version = p.substring(at + 1);
        if (name.isEmpty() || name.endsWith("/") || name.contains("//") || !isLabel(version)) {
            return Optional.empty();
        }
        return Optional.of(new FunctionRef(name, version));
    }

    /**
     * Parses {@code name@version}, or a bare {@code name} meaning the default version.
     *
     * @param text the reference text
     * @return the reference
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static FunctionRef parse(String text) {
        Objects.requireNonNull(text, "text");
        int at = text.lastIndexOf('@');
        return at < 0 ? new FunctionRef(text, FunctionVersion.DEFAULT_VERSION)
                : new FunctionRef(text.substring(0, at), text.substring(at + 1));
    }

    /**
     * Tells whether a text may be used as a version label in a URL.
     *
     * @param text the candidate label
     * @return true for a non-empty run of letters, digits, {@code _}, {@code .} and {@code -}
     */
    public static boolean isLabel(String text) {
        return text != null && LABEL.matcher(text).matches();
    }

    /**
     * Tells whether a folder name makes that folder a version of its parent function: {@code v}, a
     * digit, then letters, digits, {@code _}, {@code .} or {@code -} ({@code v2}, {@code v10}, {@code v2-beta}).
     *
     * @param folderName the folder's name
     * @return true when it names a version
     */
    public static boolean isVersionFolder(String folderName) {
        return folderName != null && VERSION_FOLDER.matcher(folderName).matches();
    }

    /** @return true for the default version */
    public boolean isDefault() {
        return FunctionVersion.DEFAULT_VERSION.equals(version);
    }

    /** @return {@code /name} for the default version, else {@code /name@version} */
    public String toPath() {
        return isDefault() ? "/" + name : "/" + name + "@" + version;
    }

    /** @return {@code name@version} */
    @Override
    public String toString() {
        return name + "@" + version;
    }
}
