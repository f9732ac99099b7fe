package io.fnkernel.discovery.internal.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which runtime loads which handler file: {@code .js} is {@code node} and {@code .py} is
 * {@code python} even while those runtimes are absent (so the function can say which bundle is
 * missing), plus every extension a running runtime declares.
 */
public final class RuntimeExtensions {

    private static final Map<String, String> BUILT_INS = Map.of(".js", "node", ".py", "python");

    /** The built-in mapping alone. */
    public static final RuntimeExtensions BUILT_IN = of(Map.of());

    /**
     * The entry files that make a folder a function, for one runtime, in order of preference.
     *
     * @param runtime the runtime id
     * @param fileNames file names, {@code handler.js} first
     */
    public record EntryCandidates(String runtime, List<String> fileNames) {
    }

    private final Map<String, String> byExtension;
    private final List<EntryCandidates> candidates;

    private RuntimeExtensions(Map<String, String> byExtension) {
        this.byExtension = byExtension;
        Map<String, List<String>> names = new TreeMap<>();
        for (Map.Entry<String, String> e : byExtension.entrySet()) {
            List<String> list = names.computeIfAbsent(e.getValue(), k -> new ArrayList<>());
            list.addAll(entryNames(e.getKey()));
        }
        List<EntryCandidates> out = new ArrayList<>();
        names.forEach((rt, list) -> out.add(new EntryCandidates(rt, List.copyOf(list))));
        this.candidates = List.copyOf(out);
    }

    /**
     * Builds the mapping.
     *
     * @param declared extension (with the dot) to runtime id, from the running runtimes, most preferred first;
     *                 they take precedence over the built-ins
     * @return the mapping
     */
    public static RuntimeExtensions of(Map<String, String> declared) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(".js", BUILT_INS.get(".js"));
        map.put(".py", BUILT_INS.get(".py"));
        for (Map.Entry<String, String> e : declared.entrySet()) {
            String ext = normalize(e.getKey());
            if (ext != null) {
                map.put(ext, e.getValue());
            }
        }
        return new RuntimeExtensions(map);
    }

    private static String normalize(String ext) {
        if (ext == null || ext.isBlank()) {
            return null;
        }
        String e = ext.trim().toLowerCase(Locale.ROOT);
        return e.startsWith(".") ? e : "." + e;
    }

    private static List<String> entryNames(String ext) {
        return switch (ext) {
            case ".js" -> List.of("handler.js", "index.js");
            case ".py" -> List.of("handler.py", "main.py");
            default -> List.of("handler" + ext, "index" + ext, "main" + ext);
        };
    }

    /**
     * @param fileName a file name
     * @return its extension with the dot, lower-case, or null
     */
    public static String extensionOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? null : fileName.substring(dot).toLowerCase(Locale.ROOT);
    }

    /**
     * @param fileName a file name
     * @return the id of the runtime that loads it, or null when it is not a handler file
     */
    public String runtimeOf(String fileName) {
        String ext = extensionOf(fileName);
        if (ext == null || fileName.toLowerCase(Locale.ROOT).endsWith(".d.ts")) {
            return null;
        }
        return byExtension.get(ext);
    }

    /** @return entry candidates per runtime, runtimes in id order */
    public List<EntryCandidates> entryCandidates() {
        return candidates;
    }

    /** @return the known extensions, for messages */
    public List<String> extensions() {
        return List.copyOf(byExtension.keySet());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuntimeExtensions r && r.byExtension.equals(byExtension);
    }

    @Override
    public int hashCode() {
        return byExtension.hashCode();
    }

    @Override
    public String toString() {
        return byExtension.toString();
    }
}
