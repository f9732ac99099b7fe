package io.fnkernel.openapi.internal;

import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.PlatformEndpoint;
import io.fnkernel.openapi.testing.FakeFunctions;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots Felix with SCR, this bundle and every jar the distribution copies for it (its runtime
 * dependencies), and checks they all resolve and start, the component registers its endpoints, and
 * a registered {@link FunctionVersion} shows up in the document. The API and SLF4J come from the
 * system bundle, as the kernel provides SLF4J, so the test can share the API's classes.
 */
class OsgiResolveTest {

    private static final String SLF4J = "2.0.17";

    @TempDir
    Path tmp;

    @Test
    void everyBundleResolvesAndTheDocumentFollowsTheServices() throws Exception {
        Map<String, String> config = Map.of(
                Constants.FRAMEWORK_STORAGE, tmp.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.slf4j;version=" + SLF4J + ",org.slf4j.event;version=" + SLF4J
                        + ",org.slf4j.helpers;version=" + SLF4J + ",org.slf4j.spi;version=" + SLF4J
                        + ",io.fnkernel.api;version=1.1.0,io.fnkernel.api.route;version=1.0.0,io.fnkernel.api.dto;version=1.0.0");
        Framework fw = new FrameworkFactory().newFramework(config);
        fw.init();
        try {
            BundleContext ctx = fw.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : bundleJars()) {
                installed.add(ctx.installBundle(jar.toUri().toString()));
            }
            fw.start();
            List<String> problems = new ArrayList<>();
            for (Bundle b : installed) {
                try {
                    b.start();
                } catch (BundleException e) {
                    problems.add(b.getSymbolicName() + ": " + e.getMessage());
                }
            }
            assertEquals(List.of(), problems, "every bundle starts");
            installed.forEach(b -> System.out.println("ACTIVE " + b.getSymbolicName() + " " + b.getVersion()));

            FunctionSource hello = new FakeFunctions(tmp.resolve("fns")).source("hello", "v2", "handler.js",
                    "// Hello from OSGi\n", p -> p);
            ctx.registerService(FunctionVersion.class, FakeFunctions.version(hello),
                    new Hashtable<>(FakeFunctions.properties(hello, 0)) {{ remove("service.id"); }});
            PlatformEndpoint json = endpoint(ctx, "/_fn/openapi.json");
            String body = awaitBody(json, "/hello@v2");
            assertTrue(body.contains("Hello from OSGi"), body);
            assertTrue(endpoint(ctx, "/_fn/openapi.yaml").handle(request("/_fn/openapi.yaml")).bodyText().contains("/hello@v2:"));
            assertEquals(200, endpoint(ctx, "/_fn/docs").handle(request("/_fn/docs/5.34.1/swagger-ui.css")).status());
        } finally {
            fw.stop();
            fw.waitForStop(10_000);
        }
    }

    private static FunctionRequest request(String path) {
        return FunctionRequest.builder("GET", path).id("osgi").headers(Map.of("host", List.of("osgi.test"))).build();
    }

    private static PlatformEndpoint endpoint(BundleContext ctx, String path) throws Exception {
        Collection<ServiceReference<PlatformEndpoint>> refs = ctx.getServiceReferences(PlatformEndpoint.class,
                "(&(" + PlatformEndpoint.PROP_PATH + "=" + path + ")(" + PlatformEndpoint.PROP_ACCESS + "=public))");
        assertEquals(1, refs.size(), "one public endpoint for " + path);
        return ctx.getService(refs.iterator().next());
    }

    private static String awaitBody(PlatformEndpoint endpoint, String expected) throws InterruptedException {
        String body = "";
        for (int i = 0; i < 200 && !body.contains(expected); i++) {
            body = endpoint.handle(request("/_fn/openapi.json")).bodyText();
            if (!body.contains(expected)) {
                Thread.sleep(50);
            }
        }
        assertTrue(body.contains(expected), "document never listed " + expected + ": " + body);
        return body;
    }

    /** SCR and what it needs, this module's runtime dependencies but the API and SLF4J, and this bundle. */
    private List<Path> bundleJars() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (Class<?> c : List.of(org.apache.felix.scr.impl.Activator.class, org.osgi.service.component.ComponentContext.class,
                org.osgi.util.function.Function.class, org.osgi.util.promise.Promise.class)) {
            jars.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        for (String entry : Files.readString(Path.of("target/bundle-deps.txt")).trim().split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String bsn = symbolicName(p);
            if (bsn == null) {
                throw new AssertionError(p.getFileName() + " is not an OSGi bundle, yet the distribution would install it");
            }
            if (!bsn.equals("io.fnkernel.api") && !bsn.equals("slf4j.api")) {
                jars.add(p.toString().endsWith(".jar") ? p : jar(p));
            }
        }
        jars.add(jar(Path.of("target/classes")));
        return jars;
    }

    private static String symbolicName(Path p) throws IOException {
        Manifest m;
        if (Files.isDirectory(p)) {
            try (InputStream in = Files.newInputStream(p.resolve("META-INF/MANIFEST.MF"))) {
                m = new Manifest(in);
            }
        } else {
            try (JarFile j = new JarFile(p.toFile())) {
                m = j.getManifest();
            }
        }
        String bsn = m == null ? null : m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        return bsn == null ? null : bsn.split(";")[0].trim();
    }

    /** Packs a classes folder (with its bnd manifest) as a bundle jar. */
    private Path jar(Path dir) throws IOException {
        Path out = Files.createTempFile(tmp, dir.getParent().getFileName().toString(), ".jar");
        Manifest m;
        try (InputStream in = Files.newInputStream(dir.resolve("META-INF/MANIFEST.MF"))) {
            m = new Manifest(in);
        }
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os, m);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
                if (!name.equals("META-INF/MANIFEST.MF")) {
                    jar.putNextEntry(new ZipEntry(name));
                    Files.copy(f, jar);
                    jar.closeEntry();
                }
            }
        }
        return out;
    }
}
