package io.fnkernel.kernel;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Installs every bundle of the distribution's bundle/ folder at its start level and reports any that do not start. */
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
                throw new StartupException(jar.getFileName() + " is not a usable bundle: " + e.getMessage(), e);
            }
        }
        return new BundleSet(installed);
    }

    /**
     * Checks, once the framework reached its start level, that every bundle is active; for those
     * that are not, starting again yields the resolver's reason.
     *
     * @return one line per bundle that did not start; empty when all are active
     */
    List<String> startAll() {
        List<String> problems = new ArrayList<>();
        for (Bundle b : bundles) {
            if (isFragment(b) || b.getState() == Bundle.ACTIVE) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                problems.add("bundle " + b.getSymbolicName() + " " + b.getVersion() + " did not start: " + reason(e));
                continue;
            }
            if (b.getState() != Bundle.ACTIVE) {
                problems.add("bundle " + b.getSymbolicName() + " " + b.getVersion() + " is not active (state " + b.getState() + ")");
            }
        }
        return problems;
    }

    private static String reason(BundleException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int missing = m.indexOf("missing requirement");
        return (missing >= 0 ? m.substring(missing) : m).replaceAll("\\s+", " ");
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }
}
