package io.fnkernel.runtime.python.internal;

import io.fnkernel.runtime.support.testing.LogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.fnkernel.runtime.python.internal.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code requirements.txt} installs with pip, offline: a wheel built here and listed by path with
 * {@code --no-index}. (Installing from PyPI cannot be tested on this machine.)
 */
class DependenciesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static PythonRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new PythonRuntime(PythonConfig.defaults(), work.resolve("rt"));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static Path function(String name, String requirements) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("handler.py"), "import fnkdemo\n\n\ndef handler(event):\n"
                + "    return {\"greeting\": fnkdemo.GREETING, \"file\": fnkdemo.__file__}\n");
        Files.writeString(dir.resolve(Dependencies.REQUIREMENTS), requirements);
        writeWheel(dir.resolve("fnkdemo-1.0-py3-none-any.whl"));
        return dir;
    }

    @Test
    void requirementsAreInstalledOncePerContentHashAndImportedFirst() throws Exception {
        Path dir = function("with-deps", "--no-index\n./fnkdemo-1.0-py3-none-any.whl\n");
        FunctionVersion v = runtime.load(source(dir, b -> b, Map.of()));
        JsonNode r = JSON.readTree(call(v, get("/d").build()).body());
        assertEquals("hi from fnkdemo", r.get("greeting").asText());
        Path deps = dir.resolve(".fnk").resolve("python-deps");
        List<Path> installed;
        try (Stream<Path> s = Files.list(deps)) {
            installed = s.toList();
        }
        assertEquals(1, installed.size(), "one install folder, no leftovers: " + installed);
        assertTrue(r.get("file").asText().startsWith(installed.get(0).toString()), r.toString());
        v.close();

        Path sentinel = Files.writeString(installed.get(0).resolve("sentinel"), "kept");
        try (LogCapture log = new LogCapture("fn")) {
            FunctionVersion again = runtime.load(source(dir, b -> b, Map.of()));
            assertEquals(200, call(again, get("/d").build()).status());
            again.close();
            assertFalse(log.has("pip]"), "pip ran again for the same requirements: " + log.lines());
        }
        assertTrue(Files.exists(sentinel), "the install folder was rebuilt");
    }

    @Test
    void failedInstallReportsPipsErrorAndThePreviousVersionKeepsServing() throws Exception {
        Path dir = function("broken-deps", "--no-index\n./fnkdemo-1.0-py3-none-any.whl\n");
        FunctionVersion previous = runtime.load(source(dir, b -> b, Map.of()));
        Files.writeString(dir.resolve(Dependencies.REQUIREMENTS), "--no-index\nfnk-no-such-package-xyz==1.0\n");
        try (LogCapture log = new LogCapture("fn")) {
            FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> runtime.load(source(dir, b -> b, Map.of())));
            assertTrue(e.file().endsWith(Dependencies.REQUIREMENTS), e.describe());
            assertTrue(e.getMessage().contains("pip install -r requirements.txt failed"), e.getMessage());
            assertTrue(e.getMessage().contains("fnk-no-such-package-xyz"), e.getMessage());
            assertTrue(log.has("[fn:broken-deps@default pip]", "fnk-no-such-package-xyz"), "pip's progress is logged");
        }
        try (Stream<Path> s = Files.list(dir.resolve(".fnk").resolve("python-deps"))) {
            assertEquals(1, s.count(), "the failed install left a folder behind");
        }
        assertEquals(200, call(previous, get("/d").build()).status());
        previous.close();
    }

    @Test
    void aFunctionWithoutRequirementsCannotImportAnotherFunctionsPackages() throws Exception {
        function("owner", "--no-index\n./fnkdemo-1.0-py3-none-any.whl\n");
        runtime.load(source(work.resolve("owner"), b -> b, Map.of())).close();
        Path other = Files.createDirectories(work.resolve("no-deps"));
        Files.writeString(other.resolve("handler.py"), "import fnkdemo\n\n\ndef handler(event):\n    return 1\n");
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> runtime.load(source(other, b -> b, Map.of())));
        assertTrue(e.getMessage().contains("No module named 'fnkdemo'"), e.describe());
        assertFalse(Files.exists(other.resolve(".fnk")));
    }

    /** A minimal pure-Python wheel: one module, METADATA, WHEEL and a RECORD with hashes. */
    private static void writeWheel(Path target) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("fnkdemo/__init__.py", "GREETING = \"hi from fnkdemo\"\n");
        files.put("fnkdemo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: fnkdemo\nVersion: 1.0\n");
        files.put("fnkdemo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: fnkernel-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, String> f : files.entrySet()) {
            byte[] b = f.getValue().getBytes(StandardCharsets.UTF_8);
            String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
            record.append(f.getKey()).append(",sha256=").append(hash).append(',').append(b.length).append('\n');
        }
        record.append("fnkdemo-1.0.dist-info/RECORD,,\n");
        files.put("fnkdemo-1.0.dist-info/RECORD", record.toString());
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }
}
