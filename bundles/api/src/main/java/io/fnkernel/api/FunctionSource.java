package io.fnkernel.api;

import io.fnkernel.api.route.Route;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything discovery knows about one version of one function on disk: what to load, with which
 * runtime, under which policy and environment, on which routes. Immutable; two sources with the
 * same {@link #revision()} have the same content. Build with {@link #builder(String, String)}.
 */
public final class FunctionSource {

    private final FunctionRef ref;
    private final String runtime;
    private final Path directory;
    private final Path entry;
    private final FunctionPolicy policy;
    private final Map<String, String> env;
    private final Set<String> secretEnvKeys;
    private final List<Route> routes;
    private final String revision;

    private FunctionSource(Builder b) {
        this.ref = new FunctionRef(b.name, b.version);
        this.runtime = requireText(b.runtime, "runtime");
        this.directory = Objects.requireNonNull(b.directory, "directory");
        this.entry = Objects.requireNonNull(b.entry, "entry");
        this.policy = Objects.requireNonNull(b.policy, "policy");
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.secretEnvKeys = Collections.unmodifiableSet(new LinkedHashSet<>(b.secretEnvKeys));
        this.routes = List.copyOf(b.routes);
        this.revision = requireText(b.revision, "revision");
        if (!entry.startsWith(directory)) {
            throw new IllegalArgumentException("entry " + entry + " is outside the function directory " + directory);
        }
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }

    /**
     * Starts a builder.
     *
     * @param name the function name: {@code hello}, {@code api/users}, or for a file route its path
     * @param version the version label, {@link FunctionVersion#DEFAULT_VERSION} for the default
     * @return a builder with the default policy, no env and no routes
     */
    public static Builder builder(String name, String version) {
        return new Builder(name, version);
    }

    /** @return a builder holding this source's values, to derive a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder(ref.name(), ref.version());
        b.runtime = runtime;
        b.directory = directory;
        b.entry = entry;
        b.policy = policy;
        b.env = new LinkedHashMap<>(env);
        b.secretEnvKeys = new LinkedHashSet<>(secretEnvKeys);
        b.routes = List.copyOf(routes);
        b.revision = revision;
        return b;
    }

    /** @return the name and version together */
    public FunctionRef ref() {
        return ref;
    }

    /** @return the function name, {@code hello} or {@code api/users} */
    public String name() {
        return ref.name();
    }

    /** @return the version label, {@link FunctionVersion#DEFAULT_VERSION} for the default */
    public String version() {
        return ref.version();
    }

    /** @return the id of the runtime that loads it, matching {@link FunctionRuntime#PROP_ID} ({@code node}, {@code python}) */
    public String runtime() {
        return runtime;
    }

    /** @return the folder the function may read; the version folder for a version; absolute */
    public Path directory() {
        return directory;
    }

    /** @return the handler file, inside {@link #directory()}; absolute */
    public Path entry() {
        return entry;
    }

    /** @return the policy from {@code fn.config.json}, with defaults filled in */
    public FunctionPolicy policy() {
        return policy;
    }

    /** @return the environment from {@code fn.env.json}, values as strings, in file order */
    public Map<String, String> env() {
        return env;
    }

    /** @return the keys of {@link #env()} marked {@code is_secret}, whose values must never be shown */
    public Set<String> secretEnvKeys() {
        return secretEnvKeys;
    }

    /** @return the public routes; empty for a version reached only as {@code /name@version} */
    public List<Route> routes() {
        return routes;
    }

    /** @return a hash of everything that went into this source: code, config, env and dependencies */
    public String revision() {
        return revision;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionSource s && s.ref.equals(ref) && s.runtime.equals(runtime) && s.revision.equals(revision)
                && s.entry.equals(entry) && s.routes.equals(routes) && s.policy.equals(policy) && s.env.equals(env);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ref, runtime, revision);
    }

    @Override
    public String toString() {
        return ref + " (" + runtime + ", " + entry + ", rev " + revision + ")";
    }

    /** Builds a {@link FunctionSource}. */
    public static final class Builder {
        private final String name;
        private final String version;
        private String runtime;
        private Path directory;
        private Path entry;
        private FunctionPolicy policy = FunctionPolicy.defaults();
        private Map<String, String> env = new LinkedHashMap<>();
        private Set<String> secretEnvKeys = new LinkedHashSet<>();
        private List<Route> routes = List.of();
        private String revision;

        private Builder(String name, String version) {
            this.name = name;
            this.version = version;
        }

        /**
         * @param value the runtime id
         * @return this builder
         */
        public Builder runtime(String value) {
            this.runtime = value;
            return this;
        }

        /**
         * @param value the function's folder; made absolute and normalised
         * @return this builder
         */
        public Builder directory(Path value) {
            this.directory = value.toAbsolutePath().normalize();
            return this;
        }

        /**
         * @param value the handler file, inside the folder; made absolute and normalised
         * @return this builder
         */
        public Builder entry(Path value) {
            this.entry = value.toAbsolutePath().normalize();
            return this;
        }

        /**
         * @param value the policy
         * @return this builder
         */
        public Builder policy(FunctionPolicy value) {
            this.policy = value;
            return this;
        }

        /**
         * @param value environment variables
         * @return this builder
         */
        public Builder env(Map<String, String> value) {
            this.env = new LinkedHashMap<>(value);
            return this;
        }

        /**
         * @param value keys of the environment that are secret
         * @return this builder
         */
        public Builder secretEnvKeys(Set<String> value) {
            this.secretEnvKeys = new LinkedHashSet<>(value);
            return this;
        }

        /**
         * @param value public routes
         * @return this builder
         */
        public Builder routes(List<Route> value) {
            this.routes = List.copyOf(value);
            return this;
        }

        /**
         * @param value content hash
         * @return this builder
         */
        public Builder revision(String value) {
            this.revision = value;
            return this;
        }

        /**
         * @return the source
         * @throws IllegalArgumentException when a required value is missing or the entry lies outside the folder
         */
        public FunctionSource build() {
            return new FunctionSource(this);
        }
    }
}
