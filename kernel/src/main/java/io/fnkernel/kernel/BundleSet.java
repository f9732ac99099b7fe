package io.fnkernel.kernel;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Installs every bundle of the distribution's bundle/ folder at its start level and reports any that do not resolve or start. */
final class BundleSet {

    private final List<Bundle> bundles;

    private BundleSet(List<Bundle> bundles) {
        this.bundles = bundles;
    }

    /**
     * Installs the bundles, marking each to start with the framework.
     *
     * @param ctx the system bundle's context
     * @param dir the bundle folder
     * @return the installed set
     * @throws StartupException naming a jar that is not a valid bundle
     */
    static BundleSet install(BundleContext ctx, Path dir) throws StartupException {
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new StartupException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            try {
                Bundle b = ctx.installBundle(jar.toUri().toString());
                b.adapt(BundleStartLevel.class).setStartLevel(FrameworkProperties.startLevel(b.getSymbolicName()));
                if (!isFragment(b)) {
                    b.start();
                }
                installed.add(b);
            } catch (BundleException e) {
                throw new StartupException(jar + " is not a usable bundle: " + BundleProblem.reason(e), e);
            }
        }
        return new BundleSet(installed);
    }

    /**
     * Resolves the installed bundles before any starts, so that a missing requirement stops fnk
     * before the gateway opens its port.
     *
     * @param wiring the framework's wiring
     * @return one line per bundle that cannot be resolved; empty when all resolve
     */
    List<String> resolve(FrameworkWiring wiring) {
        wiring.resolveBundles(bundles);
        List<String> problems = new ArrayList<>();
        for (Bundle b : bundles) {
            if (!isFragment(b) && b.getState() == Bundle.INSTALLED) {
                problems.add(BundleProblem.describe(b, resolveError(b)));
            }
        }
        return problems;
    }

    /**
     * The resolver's reason: loading a class makes the framework resolve the bundle again, and
     * Felix attaches the resolution's BundleException to the ClassNotFoundException.
     */
    private static Throwable resolveError(Bundle b) {
        try {
            b.loadClass("java.lang.Object");
            return new BundleException("it was not resolved", BundleException.RESOLVE_ERROR);
        } catch (ClassNotFoundException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    /**
     * Checks, once the framework reached its start level, that every bundle is active. A bundle the
     * framework failed to start is reported with the failure the log bridge kept; for any other one
     * that is not active, starting again yields the reason.
     *
     * @param failures the failures kept while the framework started
     * @return one line per bundle that did not start; empty when all are active
     */
    List<String> startAll(FelixLogBridge failures) {
        List<String> problems = new ArrayList<>();
        for (Bundle b : bundles) {
            if (isFragment(b) || b.getState() == Bundle.ACTIVE) {
                continue;
            }
            String kept = failures.startFailure(b);
            if (kept != null) {
                problems.add(kept);
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                problems.add(BundleProblem.describe(b, e));
                continue;
            }
            if (b.getState() != Bundle.ACTIVE) {
                problems.add(BundleProblem.name(b) + " is not active (state " + b.getState() + ")");
            }
        }
        return problems;
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }
}
