package io.fnkernel.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<KernelConfig> launched = new ArrayList<>();

    private int fnk(ServeContext.Launcher launcher, String... args) {
        return new Main(new ServeContext(home, Map.of("FNK_ADMIN_TOKEN", "s3cret"), launcher),
                new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
    }

    private int fnk(String... args) {
        return fnk(cfg -> {
            launched.add(cfg);
            return 0;
        }, args);
    }

    @Test
    void devParsesDirPortAndHost() {
        assertEquals(0, fnk("dev", "some/fns", "--port", "9090", "--host", "0.0.0.0"));

        assertEquals(1, launched.size());
        KernelConfig cfg = launched.get(0);
        assertEquals(Path.of("some/fns").toAbsolutePath().normalize(), cfg.functionsDir());
        assertEquals(9090, cfg.port());
        assertEquals("0.0.0.0", cfg.host());
        assertEquals("dev", cfg.mode());
        assertEquals(home, cfg.home());
        assertEquals("s3cret", cfg.env().get("FNK_ADMIN_TOKEN"));
    }

    @Test
    void runHasTheDocumentedDefaults() {
        assertEquals(0, fnk("run"));

        KernelConfig cfg = launched.get(0);
        assertEquals(Path.of("functions").toAbsolutePath().normalize(), cfg.functionsDir());
        assertEquals(8080, cfg.port());
        assertEquals("127.0.0.1", cfg.host());
        assertEquals("run", cfg.mode());
        assertEquals(ServeOptions.LogFormat.text, cfg.logFormat());
        assertFalse(cfg.shell());
    }

    @Test
    void helpListsTheCommandsAndExitCodesWithoutServing() {
        assertEquals(0, fnk("--help"));

        String help = out.toString();
        assertTrue(help.contains("dev") && help.contains("run") && help.contains("version"), help);
        assertTrue(help.contains("2     could not start"), help);
        assertTrue(help.contains("bin/fnk prepare"), help);
        assertTrue(launched.isEmpty());
    }

    @Test
    void devHelpDescribesTheOptions() {
        assertEquals(0, fnk("dev", "--help"));

        assertTrue(out.toString().contains("--port=N") && out.toString().contains("--host=ADDR"), out.toString());
        assertTrue(launched.isEmpty());
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertEquals(0, fnk("version"));
        assertEquals(0, fnk("-V"));

        assertTrue(out.toString().startsWith("fnkernel " + VersionInfo.version()), out.toString());
        assertEquals(2, out.toString().lines().filter(l -> l.equals("fnkernel " + VersionInfo.version())).count(), out.toString());
        assertFalse(VersionInfo.version().contains("${"), "fnkernel.properties was filtered");
    }

    @Test
    void versionSaysWhetherThePreparedJvmSharesItsCache() {
        assertTrue(VersionInfo.jvm("image+aot", "mixed mode, sharing").startsWith("prepared (var/jvm"));
        assertTrue(VersionInfo.jvm("image+aot", "mixed mode").contains("could not use its AOT cache"));
        assertTrue(VersionInfo.jvm("image", "mixed mode, sharing").contains("the jars changed"));
        assertTrue(VersionInfo.jvm("stock", null).contains("fnk prepare"));
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignOrAsTheNextArgument() {
        assertEquals(0, fnk("run", "--port=0", "--log-format", "json", "--shell", "--host=::1", "--", "--odd-dir"));

        KernelConfig cfg = launched.get(0);
        assertEquals(0, cfg.port());
        assertEquals(ServeOptions.LogFormat.json, cfg.logFormat());
        assertTrue(cfg.shell());
        assertEquals("::1", cfg.host());
        assertEquals(Path.of("--odd-dir").toAbsolutePath().normalize(), cfg.functionsDir());
    }

    @Test
    void badOptionIsAUsageErrorWithExitCode2() {
        assertEquals(2, fnk("dev", "--port", "eighty"));
        assertTrue(launched.isEmpty());
        assertTrue(err.toString().startsWith("Invalid value for option '--port': 'eighty' is not an int\nUsage: fnk dev "),
                err.toString());
    }

    @Test
    void eachWrongArgumentIsNamedWithTheUsageOnTheErrorStream() {
        assertUsageError("Unknown option: '--prot'", "dev", "--prot", "80");
        assertUsageError("Missing required parameter for option '--host'", "run", "--host");
        assertUsageError("Unmatched argument at index 2: 'b'", "dev", "a", "b");
        assertUsageError("Invalid value for option '--log-format': expected one of [text, json] (case-sensitive) but was 'xml'",
                "run", "--log-format=xml");
        assertUsageError("Option '--shell' takes no value, but was given 'yes'", "dev", "--shell=yes");
        assertUsageError("Unknown command at index 0: 'serve' (dev, run, version or help)", "serve");
        assertUsageError("Unknown command: 'deploy' (dev, run or version)", "help", "deploy");
        assertUsageError("Unmatched argument at index 1: 'now'", "version", "now");
        assertTrue(launched.isEmpty());
    }

    private void assertUsageError(String message, String... args) {
        err.getBuffer().setLength(0);
        assertEquals(2, fnk(args), String.join(" ", args));
        List<String> lines = err.toString().lines().toList();
        assertEquals(message, lines.get(0));
        assertTrue(lines.get(1).startsWith("Usage: fnk"), err.toString());
    }

    @Test
    void noArgumentsOrHelpPrintTheUsageAndHelpNamesACommand() {
        assertEquals(0, fnk());
        assertEquals(0, fnk("help"));
        assertEquals(0, fnk("help", "run"));

        String printed = out.toString();
        assertEquals(2, printed.lines().filter(l -> l.equals("Usage: fnk [-hV] [COMMAND]")).count(), printed);
        assertTrue(printed.contains("Usage: fnk run [-hV]") && printed.contains("in production"), printed);
        assertTrue(err.toString().isEmpty() && launched.isEmpty());
    }

    @Test
    void everyHelpLineFitsEightyColumns() {
        fnk("--help");
        fnk("dev", "--help");
        fnk("run", "-h");
        fnk("version", "--help");

        out.toString().lines().forEach(l -> assertTrue(l.length() <= 80, l));
    }

    @Test
    void missingFolderIsOneLineNamingItAndExitCode2() {
        Path missing = home.resolve("nope");

        assertEquals(2, fnk(cfg -> Kernel.serve(cfg, new Shutdown(1_000)), "dev", missing.toString()));

        assertEquals(List.of("fnk: functions folder " + missing + " does not exist: create it or pass another DIR"),
                err.toString().lines().toList());
    }

    @Test
    void portInUseIsOneLineNamingHostAndPortAndExitCode2() throws IOException {
        Files.createDirectories(home.resolve("bundle"));
        Path fns = Files.createDirectories(home.resolve("functions"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            assertEquals(2, fnk(cfg -> Kernel.serve(cfg, new Shutdown(1_000)), "dev", fns.toString(), "--port", Integer.toString(port), "--host", "127.0.0.1"));

            List<String> lines = err.toString().lines().toList();
            assertEquals(1, lines.size(), err.toString());
            assertTrue(lines.get(0).startsWith("fnk: 127.0.0.1:" + port + " is already in use"), lines.get(0));
        }
    }
}
