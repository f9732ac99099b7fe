package io.fnkernel.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Properties;

/** The versions fnk was built with, read from a resource the build fills in. */
final class VersionInfo {

    private static final Properties PROPS = load();

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("fnkernel.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String version() {
        return get("version");
    }

    /**
     * @param key {@code version}, {@code felix}, {@code jetty}, {@code graal} or {@code slf4j}
     * @return the version the build recorded
     */
    static String get(String key) {
        return PROPS.getProperty(key, "unknown");
    }

    static boolean jitFlagsOn() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().anyMatch(a -> a.contains("EnableJVMCI"));
    }

    /**
     * @param mode what bin/fnk started: {@code image+aot}, {@code image}, {@code training} or {@code stock}
     * @param vmInfo the JVM's {@code java.vm.info}, which says {@code sharing} while class data is shared
     * @return the mode in words, with what {@code fnk prepare} would change
     */
    static String jvm(String mode, String vmInfo) {
        boolean sharing = vmInfo != null && vmInfo.contains("sharing");
        return switch (mode) {
            case "image+aot" -> sharing ? "prepared (var/jvm: run-time image and AOT cache)"
                    : "prepared run-time image (var/jvm); the JVM could not use its AOT cache (FNK_JAVA_OPTS=-Xlog:aot says why;"
                        + " `fnk prepare` with the same FNK_JAVA_OPTS records one that fits)";
            case "image" -> "prepared run-time image (var/jvm) without its AOT cache: the jars changed since; `fnk prepare` records it again";
            case "training" -> "the training start of `fnk prepare`";
            default -> "the JDK as it is (on JDK 25+ `fnk prepare` makes start-up faster)";
        };
    }

    /** @return what {@code fnk version} prints, line by line */
    static List<String> lines() {
        return List.of(
            "fnkernel " + version(),
            "  Felix " + PROPS.getProperty("felix") + ", Jetty " + PROPS.getProperty("jetty") + ", GraalJS " + PROPS.getProperty("graal"),
            "  Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), JavaScript "
                + (jitFlagsOn() ? "JIT-compiled (Graal compiler on the module path)" : "interpreted (the JIT needs JDK 25+ and is off with FNK_JIT=0)"),
            "  JVM: " + jvm(System.getProperty("fnk.jvm", "stock"), System.getProperty("java.vm.info")));
    }
}
