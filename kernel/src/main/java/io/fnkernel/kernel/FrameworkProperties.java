package io.fnkernel.kernel;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Felix configuration fnkernel runs with: which launcher packages the system bundle exports,
 * start levels, FileInstall and Gogo settings. Public so the integration tests boot the same way.
 */
public final class FrameworkProperties {

    /** Start level of the libraries and OSGi services (SCR, ConfigAdmin, Jetty, Jackson...). */
    public static final int LEVEL_LIBRARIES = 1;
    /**
     * Start level of the HTTP gateway: the first, with the libraries. Its Jetty starts on a thread
     * of its own while the runtimes and discovery start, so {@code /_fn/health} answers while the
     * functions load (on 2 cores about 0.3 s sooner, the first function about 0.25 s later: they
     * share the cores). {@link Shutdown} stops it before anything else, so it drains while the
     * functions still run (the framework alone would stop it last).
     */
    public static final int LEVEL_GATEWAY = 1;
    /** Start level of language runtimes (stopped after discovery has retired their functions). */
    public static final int LEVEL_RUNTIMES = 2;
    /** Start level of discovery and OpenAPI: the last, at which the framework's start ends. */
    public static final int LEVEL_PLATFORM = 3;

    private static final List<String> SLF4J_PACKAGES = List.of("org.slf4j", "org.slf4j.event", "org.slf4j.helpers", "org.slf4j.spi");
    private static final List<String> GRAAL_PACKAGES = List.of("org.graalvm.polyglot", "org.graalvm.polyglot.proxy",
            "org.graalvm.polyglot.io", "org.graalvm.polyglot.management", "org.graalvm.options", "org.graalvm.collections");

    private FrameworkProperties() {
    }

    /**
     * The packages of the launcher class path that bundles import from the system bundle: SLF4J
     * (one logging backend for everything) and the GraalVM polyglot API (so the Truffle runtime and
     * its JIT live once, on the class path, and runtime-node stays hot-deployable).
     *
     * @param slf4jVersion the SLF4J version on the class path
     * @param graalVersion the GraalVM polyglot version on the class path
     * @return the value of {@code org.osgi.framework.system.packages.extra}
     */
    public static String systemPackagesExtra(String slf4jVersion, String graalVersion) {
        StringBuilder b = new StringBuilder();
        for (String p : SLF4J_PACKAGES) {
            b.append(b.isEmpty() ? "" : ",").append(p).append(";version=").append(slf4jVersion);
        }
        for (String p : GRAAL_PACKAGES) {
            b.append(',').append(p).append(";version=").append(graalVersion);
        }
        return b.toString();
    }

    /**
     * The packages the system bundle exports, at the versions this build ships.
     *
     * @return the value of {@code org.osgi.framework.system.packages.extra}
     */
    public static String systemPackagesExtra() {
        return systemPackagesExtra(VersionInfo.get("slf4j"), VersionInfo.get("graal"));
    }

    /**
     * The start level of a bundle, by symbolic name.
     *
     * @param symbolicName the bundle's symbolic name
     * @return its start level
     */
    public static int startLevel(String symbolicName) {
        if (symbolicName == null) {
            return LEVEL_LIBRARIES;
        }
        if (symbolicName.equals(Shutdown.GATEWAY_BUNDLE)) {
            return LEVEL_GATEWAY;
        }
        if (symbolicName.equals("io.fnkernel.discovery") || symbolicName.equals("io.fnkernel.openapi")) {
            return LEVEL_PLATFORM;
        }
        if (symbolicName.startsWith("io.fnkernel.runtime.")) {
            return LEVEL_RUNTIMES;
        }
        return LEVEL_LIBRARIES;
    }

    /**
     * The whole framework configuration.
     *
     * @param storage the framework's cache folder, cleaned at start
     * @param deployDir the folder FileInstall watches for hot-deployed bundles
     * @param shell true to open an interactive Gogo shell on the terminal
     * @param bundleProperties the kernel's options for the bundles
     * @return the configuration for {@code FrameworkFactory.newFramework}
     */
    static Map<String, String> build(Path storage, Path deployDir, boolean shell, Map<String, String> bundleProperties) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("org.osgi.framework.storage", storage.toString());
        p.put("org.osgi.framework.storage.clean", "onFirstInit");
        p.put("org.osgi.framework.system.packages.extra",
                systemPackagesExtra());
        p.put("org.osgi.framework.startlevel.beginning", Integer.toString(LEVEL_PLATFORM));
        p.put("felix.startlevel.bundle", Integer.toString(LEVEL_LIBRARIES));
        // Gogo: never stop the framework when stdin closes; interactive only on request.
        p.put("gosh.args", shell ? "--noshutdown" : "--nointeractive --noshutdown");
        // FileInstall: hot-deploy bundles dropped into deploy/ (a new runtime replaces the old one).
        p.put("felix.fileinstall.dir", deployDir.toString());
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.start.level", Integer.toString(LEVEL_RUNTIMES));
        p.put("felix.fileinstall.log.level", "2");
        p.putAll(bundleProperties);
        return p;
    }
}
