package io.fnkernel.itests;

import io.fnkernel.api.KernelProperties;
import io.fnkernel.kernel.FrameworkProperties;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Pax Exam options that boot the distribution's exact bundle set the way the kernel does. */
public final class FnkOptions {

    private FnkOptions() {
    }

    /** @return the assembled distribution folder (distribution/target/fnkernel) */
    public static Path distDir() {
        String dir = System.getProperty("fnk.dist.dir");
        if (dir == null) {
            throw new IllegalStateException("system property fnk.dist.dir is not set (run through Maven)");
        }
        return Path.of(dir);
    }

    /** @return the repository's example functions folder */
    public static Path examples() {
        return Path.of(System.getProperty("fnk.functions.examples"));
    }

    /**
     * The platform serving a functions folder on a free loopback port.
     *
     * @param functionsDir the folder to serve
     * @param extra further options
     * @return the options
     */
    public static Option[] platform(Path functionsDir, Option... extra) {
        List<Option> opts = new ArrayList<>();
        // Appended to Pax Exam's own system packages (a frameworkProperty would replace them).
        opts.add(CoreOptions.systemPackages(FrameworkProperties.systemPackagesExtra().split(",")));
        opts.add(CoreOptions.frameworkProperty(KernelProperties.FUNCTIONS_DIR).value(functionsDir.toAbsolutePath().toString()));
        opts.add(CoreOptions.frameworkProperty(KernelProperties.HTTP_HOST).value("127.0.0.1"));
        opts.add(CoreOptions.frameworkProperty(KernelProperties.HTTP_PORT).value("0"));
        opts.add(CoreOptions.frameworkProperty(KernelProperties.MODE).value(KernelProperties.MODE_DEV));
        opts.add(CoreOptions.frameworkProperty("gosh.args").value("--nointeractive --noshutdown"));
        opts.add(CoreOptions.frameworkProperty("polyglot.engine.WarnInterpreterOnly").value("false"));
        for (Path jar : bundleJars()) {
            opts.add(CoreOptions.bundle(jar.toUri().toString()).startLevel(FrameworkProperties.startLevel(symbolicName(jar))));
        }
        opts.add(CoreOptions.junitBundles());
        opts.addAll(List.of(extra));
        return opts.toArray(new Option[0]);
    }

    private static List<Path> bundleJars() {
        Path dir = distDir().resolve("bundle");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no bundles in " + dir + ": build the distribution first");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": build the distribution first", e);
        }
    }

    private static String symbolicName(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            String bsn = jf.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? null : bsn.split(";")[0].trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
