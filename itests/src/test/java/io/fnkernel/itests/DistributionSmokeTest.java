package io.fnkernel.itests;

import org.junit.Assume;
import org.junit.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** Starts the assembled distribution as a user would, waits for health, and stops it with SIGTERM. */
public class DistributionSmokeTest {

    @Test
    public void startsServesAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("fnk-smoke-", ".log");
        ProcessBuilder pb = new ProcessBuilder(FnkOptions.distDir().resolve("bin/fnk").toString(),
                "dev", FnkOptions.examples().toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            HttpResponse<String> health = awaitHealth(p, URI.create("http://127.0.0.1:" + port + "/_fn/health"), log);
            long startMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, health.statusCode());
            System.out.println("distribution: process start to first 200 on /_fn/health: " + startMs + " ms");
            p.destroy();
            assertTrue("fnk did not exit within 10 s of SIGTERM:\n" + Files.readString(log), p.waitFor(10, TimeUnit.SECONDS));
            assertEquals("exit code after SIGTERM:\n" + Files.readString(log), 0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    /** The build's `fnk prepare` ended with a status on every JDK: below 25 it says why it skipped. */
    @Test
    public void prepareRecordsHowItEnded() throws Exception {
        Assume.assumeFalse("-Dfnk.prepare.skip", Boolean.getBoolean("fnk.prepare.skip"));
        Path status = FnkOptions.distDir().resolve("var/jvm.status");
        assertTrue("the build's `fnk prepare` wrote no " + status, Files.exists(status));
        String state = Files.readString(status).strip();
        if (Runtime.version().feature() < 25) {
            assertTrue("var/jvm.status on JDK " + Runtime.version().feature() + ": " + state, state.startsWith("skipped: "));
        } else {
            assertTrue("var/jvm.status: " + state, state.equals("ready") || state.startsWith("skipped: "));
        }
    }

    /**
     * On JDK 25 the build prepared var/jvm (bin/prepare.sh) and bin/fnk starts on it: the JVM is
     * told to refuse to start ({@code AOTMode=on}) if the recorded AOT cache does not fit.
     */
    @Test
    public void startsOnThePreparedJvmWithItsAotCache() throws Exception {
        Assume.assumeTrue("the start-up cache needs JDK 25+", Runtime.version().feature() >= 25);
        Assume.assumeFalse("-Dfnk.prepare.skip", Boolean.getBoolean("fnk.prepare.skip"));
        Path status = FnkOptions.distDir().resolve("var/jvm.status");
        String state = Files.exists(status) ? Files.readString(status).strip() : "missing: the build did not run fnk prepare";
        Assume.assumeFalse(state, state.startsWith("skipped:"));
        assertEquals("var/jvm.status (see the build's `fnk prepare` lines)", "ready", state);

        Path out = Files.createTempFile("fnk-version-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(FnkOptions.distDir().resolve("bin/fnk").toString(), "version")
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("FNK_JAVA_OPTS", "-XX:AOTMode=on");
        pb.environment().remove("FNK_JIT");
        pb.environment().remove("FNK_PREPARED");
        Process p = pb.start();
        try {
            assertTrue("fnk version did not end within 30 s", p.waitFor(30, TimeUnit.SECONDS));
            String text = Files.readString(out);
            assertEquals("fnk version on the prepared JVM:\n" + text, 0, p.exitValue());
            assertTrue("not started on var/jvm:\n" + text, text.contains("JVM: prepared (var/jvm: run-time image and AOT cache)"));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    static HttpResponse<String> awaitHealth(Process p, URI uri, Path log) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("fnk exited with " + p.exitValue() + " before serving:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r;
                }
            } catch (IOException notYet) {
                // not listening yet: wait for the process below
            }
            p.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("no 200 from " + uri + " within 90 s:\n" + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
