package io.fnkernel.kernel;

import io.fnkernel.api.KernelProperties;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the kernel needs to start, resolved from the command line, the environment and the
 * installation folder.
 *
 * @param functionsDir absolute functions folder
 * @param host address to bind
 * @param port port to bind, 0 for any
 * @param mode {@link KernelProperties#MODE_DEV} or {@link KernelProperties#MODE_RUN}
 * @param logFormat log line format
 * @param shell open the Gogo shell
 * @param home the installation folder (holds bundle/, deploy/, conf/)
 * @param env the process environment
 */
record KernelConfig(Path functionsDir, String host, int port, String mode, ServeOptions.LogFormat logFormat,
                    boolean shell, Path home, Map<String, String> env) {

    /** Default milliseconds to drain in-flight requests on shutdown. */
    static final int DRAIN_MS = 10_000;

    /**
     * The configuration for parsed options.
     *
     * @param o the parsed options
     * @param mode {@code dev} or {@code run}
     * @param home the installation folder
     * @param env the process environment
     * @return the configuration
     */
    static KernelConfig from(ServeOptions o, String mode, Path home, Map<String, String> env) {
        return new KernelConfig(o.dir.toAbsolutePath().normalize(), o.host, o.port, mode, o.logFormat, o.shell, home, env);
    }

    /**
     * The installation folder: {@code -Dfnk.home}, else the parent of the folder holding the kernel jar.
     *
     * @return the home folder
     */
    static Path defaultHome() {
        String prop = System.getProperty(KernelProperties.HOME);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(KernelConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().toAbsolutePath().normalize();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of(".").toAbsolutePath().normalize();
        }
    }

    Path bundleDir() {
        return home.resolve("bundle");
    }

    Path deployDir() {
        return home.resolve("deploy");
    }

    Path confDir() {
        return home.resolve("conf");
    }

    /**
     * Checks what can be checked before the framework starts.
     *
     * @throws StartupException naming the problem
     */
    void validate() throws StartupException {
        if (!Files.isDirectory(functionsDir)) {
            throw new StartupException("functions folder " + functionsDir + " does not exist: create it or pass another DIR");
        }
        if (port < 0 || port > 65535) {
            throw new StartupException("--port must be 0-65535, got " + port);
        }
        if (!Files.isDirectory(bundleDir())) {
            throw new StartupException("no bundle/ folder in " + home + ": is this an fnkernel distribution? (set -Dfnk.home)");
        }
    }

    /**
     * The options as framework properties for the bundles.
     *
     * @return property name to value
     */
    Map<String, String> bundleProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(KernelProperties.FUNCTIONS_DIR, functionsDir.toString());
        p.put(KernelProperties.HTTP_HOST, host);
        p.put(KernelProperties.HTTP_PORT, Integer.toString(port));
        p.put(KernelProperties.MODE, mode);
        p.put(KernelProperties.HOME, home.toString());
        p.put(KernelProperties.DRAIN_MS, Integer.toString(DRAIN_MS));
        putEnv(p, KernelProperties.ADMIN_TOKEN, "FNK_ADMIN_TOKEN");
        putEnv(p, KernelProperties.PUBLIC_BASE_URL, "FNK_PUBLIC_BASE_URL");
        putEnv(p, KernelProperties.OPENAPI_INCLUDE_INTERNAL, "FNK_OPENAPI_INCLUDE_INTERNAL");
        return p;
    }

    private void putEnv(Map<String, String> p, String key, String var) {
        String v = env.get(var);
        if (v != null && !v.isBlank()) {
            p.put(key, v);
        }
    }
}
