package io.fnkernel.discovery.internal.scan;

import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.dto.FailureDTO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One walk of the functions folder: decides what each folder is and collects plans, problems and held folders. */
final class Walk {

    final Path root;
    final RuntimeExtensions runtimes;
    private final ContentHasher hasher;
    final List<Problem> problems = new ArrayList<>();
    private final Set<Path> held = new LinkedHashSet<>();
    private final List<ScanResult.FailedVersion> failed = new ArrayList<>();
    final List<Plan> plans = new ArrayList<>();
    private final Folders folders;
    Path rootReal;

    Walk(Path root, RuntimeExtensions runtimes, ContentHasher hasher) {
        this.root = root;
        this.runtimes = runtimes;
        this.hasher = hasher;
        this.folders = new Folders(runtimes, problems::add);
    }

    ScanResult run() {
        try {
            if (!Files.isDirectory(root)) {
                throw new IOException("the functions folder " + root + " does not exist");
            }
            rootReal = root.toRealPath();
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().startsWith("the functions") ? e.getMessage()
                    : "cannot read the functions folder " + root + ": " + e;
            problems.add(new Problem(true, FailureDTO.KIND_SCAN, null, null, root, 0, 0,
                    why + "; the last routes keep serving"));
            return new ScanResult(root, false, List.of(), problems, Set.of(root), List.of());
        }
        FunctionConfig rootConfig = config(root, null, null, List.of());
        if (rootConfig != null) {
            tree(root, List.of(), 0, List.of(rootConfig), false);
        }
        List<io.fnkernel.api.FunctionSource> sources = new SourceAssembler(this, hasher).assemble();
        if (!Files.isDirectory(root)) {
            problems.clear();
            problems.add(new Problem(true, FailureDTO.KIND_SCAN, null, null, root, 0, 0, "the functions folder "
                    + root + " disappeared while being scanned; the last routes keep serving"));
            return new ScanResult(root, false, List.of(), problems, Set.of(root), List.of());
        }
        return new ScanResult(root, true, sources, problems, held, failed);
    }

    /** A folder of a file tree or of a mixed subtree; in a file tree it may turn out to be a function. */
    private void tree(Path dir, List<String> names, int depth, List<FunctionConfig> chain, boolean mixed) {
        List<Listing.Item> items = list(dir);
        if (items == null) {
            return;
        }
        FunctionConfig own = chain.get(chain.size() - 1);
        if (depth > 0 && !mixed) {
            List<Entry> entries = entries(dir, items, own);
            if (!entries.isEmpty() || versionsOnly(items)) {
                function(dir, names, depth, chain, items, entries);
                return;
            }
        }
        if (own.routes() != null && (depth > 0 || own.file() != null)) {
            problems.add(Problem.warning(FailureDTO.KIND_CONFIG, own.file(),
                    "/invoke/routes: this folder has no entry file, so these routes are not served"));
        }
        if (depth == 0 && own.entrypoint() != null) {
            problems.add(Problem.warning(FailureDTO.KIND_CONFIG, own.file(),
                    "/entrypoint: the functions folder itself is not a function (its route would be /); ignored"));
        }
        new FileRoutes(this, dir, names, chain, items, mixed, Set.of(), null).collect();
        subfolders(dir, names, depth, chain, items, mixed, null);
    }

    /** A single-entry folder (or one holding only versions): its default version, its versions, its mixed subtree. */
    private void function(Path dir, List<String> names, int depth, List<FunctionConfig> chain,
                          List<Listing.Item> items, List<Entry> entries) {
        String name = String.join("/", RouteNames.normalizeAll(names));
        if (name.isEmpty()) {
            problems.add(Problem.warning(FailureDTO.KIND_SCAN, dir, "the folder name gives no route; ignored"));
            return;
        }
        EnvReader.Env env = env(dir, name, FunctionVersion.DEFAULT_VERSION, entries);
        if (env == null) {
            return;
        }
        FunctionConfig own = chain.get(chain.size() - 1);
        Set<Path> versionDirs = new HashSet<>();
        for (Listing.Item it : items) {
            if (it.directory() && FunctionRef.isVersionFolder(it.name())) {
                versionDirs.add(it.path());
            }
        }
        for (Entry e : entries) {
            Plan plan = Routing.folderPlan(name, e, dir, chain, own, env, versionDirs, problems);
            if (plan != null) {
                plans.add(plan);
            }
        }
        new FileRoutes(this, dir, names, chain, items, true, Entry.files(entries), env).collect();
        subfolders(dir, names, depth, chain, items, true, new Parent(name, env));
    }

    /** A version folder of a function: its own entry, config and env, falling back to the function's. */
    private void version(Path dir, List<String> names, int depth, List<FunctionConfig> chain, Parent parent) {
        String label = dir.getFileName().toString();
        List<Listing.Item> items = list(dir);
        if (items == null) {
            return;
        }
        FunctionConfig own = config(dir, parent.name, label, entries(dir, items, FunctionConfig.EMPTY));
        if (own == null) {
            return;
        }
        List<Entry> entries = entries(dir, items, own);
        List<FunctionConfig> vchain = append(chain, own);
        if (entries.isEmpty()) {
            tree(dir, names, depth, vchain, true);
            return;
        }
        EnvReader.Env env = env(dir, parent.name, label, entries);
        if (env == null) {
            return;
        }
        EnvReader.Env merged = parent.env.overlay(env);
        for (Entry e : entries) {
            plans.add(Routing.versionPlan(parent.name, label, e, dir, vchain, own, merged));
        }
        new FileRoutes(this, dir, names, vchain, items, true, Entry.files(entries), merged).collect();
        subfolders(dir, names, depth, vchain, items, true, null);
    }

    private void subfolders(Path dir, List<String> names, int depth, List<FunctionConfig> chain,
                            List<Listing.Item> items, boolean mixed, Parent parent) {
        for (Listing.Item it : items) {
            if (!it.directory() || FileRules.ignoredDir(it.name())) {
                continue;
            }
            if (depth + 1 > Scanner.MAX_DEPTH) {
                problems.add(Problem.warning(FailureDTO.KIND_SCAN, it.path(),
                        "folder is nested deeper than " + Scanner.MAX_DEPTH + " levels; not scanned"));
                continue;
            }
            List<String> subNames = append(names, it.name());
            if (parent != null && FunctionRef.isVersionFolder(it.name())) {
                version(it.path(), subNames, depth + 1, chain, parent);
                continue;
            }
            String name = null;
            List<Entry> conventional = List.of();
            if (!mixed) {
                conventional = entries(it.path(), Listing.quiet(it.path(), rootReal), FunctionConfig.EMPTY);
                name = conventional.isEmpty() ? null : String.join("/", RouteNames.normalizeAll(subNames));
            }
            FunctionConfig config = config(it.path(), name, FunctionVersion.DEFAULT_VERSION, conventional);
            if (config != null) {
                tree(it.path(), subNames, depth + 1, append(chain, config), mixed);
            }
        }
    }

    /** Entry files of a folder: the configured {@code entrypoint}, else the first candidate of each runtime. */
    List<Entry> entries(Path dir, List<Listing.Item> items, FunctionConfig own) {
        List<Entry> out = new ArrayList<>();
        if (own.entrypoint() != null) {
            Path file = dir.resolve(own.entrypoint()).normalize();
            out.add(new Entry(runtimes.runtimeOf(file.getFileName().toString()), file));
            return out;
        }
        for (RuntimeExtensions.EntryCandidates c : runtimes.entryCandidates()) {
            for (String candidate : c.fileNames()) {
                Listing.Item hit = items.stream().filter(i -> !i.directory() && i.name().equals(candidate))
                        .findFirst().orElse(null);
                if (hit != null) {
                    out.add(new Entry(c.runtime(), hit.path()));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * A folder with no handler files of its own whose only entry-bearing sub-folders are version
     * folders is a function without a default version ({@code hello/v2/handler.js} alone).
     */
    private boolean versionsOnly(List<Listing.Item> items) {
        boolean anyVersion = false;
        for (Listing.Item it : items) {
            if (!it.directory()) {
                if (!FileRules.ignoredFile(it.name()) && runtimes.runtimeOf(it.name()) != null) {
                    return false;
                }
            } else if (!FileRules.ignoredDir(it.name())) {
                List<Listing.Item> sub = Listing.quiet(it.path(), rootReal);
                boolean hasEntry = !entries(it.path(), sub, FunctionConfig.EMPTY).isEmpty();
                if (hasEntry && !FunctionRef.isVersionFolder(it.name())) {
                    return false;
                }
                anyVersion |= hasEntry;
            }
        }
        return anyVersion;
    }

    private List<Listing.Item> list(Path dir) {
        try {
            return Listing.list(dir, rootReal, problems::add);
        } catch (IOException e) {
            problems.add(new Problem(true, FailureDTO.KIND_SCAN, null, null, dir, 0, 0, "cannot read folder: " + e));
            held.add(dir);
            return null;
        }
    }

    /** Reads a folder's config; when broken, holds the folder and reports the error against the function, if any. */
    private FunctionConfig config(Path dir, String name, String version, List<Entry> entries) {
        try {
            return folders.config(dir);
        } catch (ConfigException e) {
            fail(dir, e, name, version, entries);
            return null;
        }
    }

    /** Reads a folder's env, for a function or file routes; when broken, holds the folder. */
    EnvReader.Env env(Path dir, String name, String version, List<Entry> entries) {
        try {
            return folders.env(dir);
        } catch (ConfigException e) {
            fail(dir, e, name, version, entries);
            return null;
        }
    }

    private void fail(Path dir, ConfigException e, String name, String version, List<Entry> entries) {
        held.add(dir);
        problems.add(name == null ? e.problem() : e.problem().about(name, version));
        if (name != null) {
            for (Entry en : entries) {
                failed.add(new ScanResult.FailedVersion(name, version, en.runtime(), en.file()));
            }
        }
    }

    static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    /** The function a version folder belongs to. */
    private record Parent(String name, EnvReader.Env env) {
    }

    /**
     * An entry file and its runtime.
     *
     * @param runtime the runtime id
     * @param file the file
     */
    record Entry(String runtime, Path file) {
        static Set<Path> files(List<Entry> entries) {
            Set<Path> out = new HashSet<>();
            entries.forEach(e -> out.add(e.file()));
            return out;
        }
    }
}
