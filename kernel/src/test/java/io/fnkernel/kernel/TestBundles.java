package io.fnkernel.kernel;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds bundle jars and stand-in Bundle objects for the kernel tests. */
final class TestBundles {

    private TestBundles() {
    }

    /**
     * Writes a bundle jar.
     *
     * @param file the jar to write
     * @param headers manifest headers besides Manifest-Version and Bundle-ManifestVersion
     * @param classes test classes to copy into the jar
     * @return the file
     */
    static Path jar(Path file, Map<String, String> headers, Class<?>... classes) throws IOException {
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        headers.forEach(main::putValue);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, mf)) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return file;
    }

    /**
     * A Bundle that answers only for its id, symbolic name, version and location.
     *
     * @param id bundle id
     * @param bsn symbolic name
     * @param version version
     * @param location install location
     * @return the stand-in
     */
    static Bundle bundle(long id, String bsn, String version, String location) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[]{Bundle.class}, (p, m, a) ->
                switch (m.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> bsn;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getLocation" -> location;
                    case "hashCode" -> (int) id;
                    case "equals" -> p == a[0];
                    case "toString" -> bsn + " [" + id + "]";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
