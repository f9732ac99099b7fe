package io.fnkernel.runtime.node.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fnkernel.api.FunctionLoadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The files npm installs a function's dependencies from ({@code package.json}, its lockfile,
 * {@code .npmrc}), read once so that the hash and the staged copy agree even while they are edited.
 */
final class NpmManifest {

    /** The manifest npm reads. */
    static final String PACKAGE_JSON = "package.json";

    private static final List<String> LOCKFILES = List.of("npm-shrinkwrap.json", "package-lock.json");
    private static final List<String> DEPENDENCY_FIELDS = List.of("dependencies", "optionalDependencies", "devDependencies",
            "peerDependencies");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final byte[] manifest;
    private final String lockfileName;
    private final byte[] lockfile;
    private final byte[] npmrc;
    private final String hash;

    private NpmManifest(Path directory, byte[] manifest, String lockfileName, byte[] lockfile, byte[] npmrc) {
        this.directory = directory;
        this.manifest = manifest;
        this.lockfileName = lockfileName;
        this.lockfile = lockfile;
        this.npmrc = npmrc;
        this.hash = hash(directory, manifest, lockfile, npmrc);
    }

    /**
     * @param directory the function folder
     * @return its manifest, or null when it has no {@code package.json}
     * @throws FunctionLoadException when a file cannot be read
     */
    static NpmManifest read(Path directory) throws FunctionLoadException {
        Path dir = directory.toAbsolutePath().normalize();
        Path manifest = dir.resolve(PACKAGE_JSON);
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        try {
            String lockName = null;
            byte[] lock = null;
            for (String name : LOCKFILES) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    lockName = name;
                    lock = Files.readAllBytes(dir.resolve(name));
                    break;
                }
            }
            Path rc = dir.resolve(".npmrc");
            return new NpmManifest(dir, Files.readAllBytes(manifest), lockName, lock,
                    Files.isRegularFile(rc) ? Files.readAllBytes(rc) : null);
        } catch (IOException e) {
            throw new FunctionLoadException("cannot read " + e.getMessage(), manifest);
        }
    }

    /** @return the hash of the folder's location and of every file npm reads, hex */
    String hash() {
        return hash;
    }

    /** @return true when a lockfile pins the versions ({@code npm ci}) */
    boolean locked() {
        return lockfile != null;
    }

    /** @return the function's {@code package.json} */
    Path file() {
        return directory.resolve(PACKAGE_JSON);
    }

    /**
     * Writes the files into a staging folder, with relative {@code file:} dependencies rewritten
     * to point from there to where they point from the function folder.
     *
     * @param stage an empty folder at the same depth as where the install will finally live
     * @throws FunctionLoadException when a file is not valid JSON or cannot be written
     */
    void writeTo(Path stage) throws FunctionLoadException {
        try {
            ObjectNode pkg = object(manifest, PACKAGE_JSON);
            rewriteSpecs(pkg, stage);
            Files.write(stage.resolve(PACKAGE_JSON), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(pkg));
            if (lockfile != null) {
                ObjectNode lock = object(lockfile, lockfileName);
                rewriteLock(lock, stage);
                Files.write(stage.resolve(lockfileName), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(lock));
            }
            if (npmrc != null) {
                Files.write(stage.resolve(".npmrc"), npmrc);
            }
        } catch (IOException e) {
            throw new FunctionLoadException("cannot stage the npm install in " + stage + ": " + e.getMessage(), file());
        }
    }

    private ObjectNode object(byte[] bytes, String name) throws FunctionLoadException {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            throw new FunctionLoadException(name + " is not valid JSON: " + e.getMessage(), directory.resolve(name));
        }
        throw new FunctionLoadException(name + " must hold a JSON object", directory.resolve(name));
    }

    /** Rewrites the dependency specs of a package at the function folder's root. */
    private void rewriteSpecs(JsonNode pkg, Path stage) {
        for (String field : DEPENDENCY_FIELDS) {
            if (pkg.get(field) instanceof ObjectNode deps) {
                for (Map.Entry<String, JsonNode> d : iterable(deps)) {
                    if (d.getValue().isTextual()) {
                        d.setValue(TextNode.valueOf(spec(d.getValue().asText(), stage)));
                    }
                }
            }
        }
    }

    /** Lockfile v2/v3 {@code packages} (keys and {@code resolved} are paths from the root) and v1 {@code dependencies}. */
    private void rewriteLock(ObjectNode lock, Path stage) {
        if (lock.get("packages") instanceof ObjectNode packages) {
            ObjectNode moved = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> p : iterable(packages)) {
                String key = p.getKey();
                boolean local = !key.isEmpty() && !key.startsWith("node_modules/");
                if (key.isEmpty()) {
                    rewriteSpecs(p.getValue(), stage);
                }
                if (p.getValue() instanceof ObjectNode entry && entry.get("resolved") != null && entry.get("resolved").isTextual()) {
                    String resolved = entry.get("resolved").asText();
                    boolean link = entry.path("link").asBoolean(false);
                    entry.put("resolved", link && !resolved.startsWith("file:") ? relocate(resolved, stage) : spec(resolved, stage));
                }
                moved.set(local ? relocate(key, stage) : key, p.getValue());
            }
            lock.set("packages", moved);
        }
        rewriteVersions(lock.get("dependencies"), stage);
    }

    private void rewriteVersions(JsonNode deps, Path stage) {
        if (deps instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> d : iterable(o)) {
                if (d.getValue() instanceof ObjectNode entry) {
                    if (entry.get("version") != null && entry.get("version").isTextual()) {
                        entry.put("version", spec(entry.get("version").asText(), stage));
                    }
                    rewriteVersions(entry.get("dependencies"), stage);
                }
            }
        }
    }

    /** {@code file:../x}, {@code ../x} or {@code ./x} relative to the function folder, made relative to the stage. */
    private String spec(String spec, Path stage) {
        if (spec.startsWith("file:")) {
            String path = spec.substring("file:".length());
            return isRelative(path) ? "file:" + relocate(path, stage) : spec;
        }
        return spec.startsWith("./") || spec.startsWith("../") ? relocate(spec, stage) : spec;
    }

    private static boolean isRelative(String path) {
        return !path.isEmpty() && !path.startsWith("/") && !path.startsWith("~") && !path.matches("^[A-Za-z]:.*");
    }

    private String relocate(String relative, Path stage) {
        Path target = directory.resolve(relative).normalize();
        String r = stage.toAbsolutePath().normalize().relativize(target).toString().replace('\\', '/');
        return r.startsWith("../") || r.startsWith("./") ? r : "./" + r;
    }

    private static List<Map.Entry<String, JsonNode>> iterable(ObjectNode o) {
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
        o.fields().forEachRemaining(all::add);
        return all;
    }

    private static String hash(Path dir, byte[] manifest, byte[] lockfile, byte[] npmrc) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(dir.toString().getBytes(StandardCharsets.UTF_8));
            for (byte[] part : new byte[][]{manifest, lockfile, npmrc}) {
                md.update((byte) 0);
                if (part != null) {
                    md.update(part);
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
