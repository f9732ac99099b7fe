package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.fnkernel.runtime.node.internal.TestFunctions.call;
import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static io.fnkernel.runtime.node.internal.TestFunctions.get;
import static io.fnkernel.runtime.node.internal.TestFunctions.source;
import static io.fnkernel.runtime.node.internal.TestFunctions.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CommonJS {@code require} inside the function folder: relative files, JSON, node_modules; nothing outside. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequireTest {

    private NodeRuntime runtime;
    private Path root;

    @BeforeAll
    void start(@TempDir Path root) {
        this.root = root;
        runtime = new NodeRuntime(NodeRuntimeConfig.defaults());
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    @Test
    void relativeFilesJsonAndPackagesLoad() throws Exception {
        Path dir = folder(root, "deps",
                "handler.js", """
                        const util = require('./lib/util');
                        const data = require('./data.json');
                        const pad = require('left-pad');
                        const scoped = require('@acme/greet/sub');
                        exports.handler = () => [util.twice(2), data.name, pad('7', 3, '0'), scoped('x'), __filename.endsWith('handler.js')];
                        """,
                "lib/util.js", "exports.twice = (n) => n * 2;",
                "data.json", "{\"name\": \"from json\"}",
                "node_modules/left-pad/package.json", "{\"name\": \"left-pad\", \"main\": \"lib/index.js\"}",
                "node_modules/left-pad/lib/index.js", "module.exports = (s, n, c) => String(c).repeat(Math.max(0, n - String(s).length)) + s;",
                "node_modules/@acme/greet/package.json", "{\"name\": \"@acme/greet\"}",
                "node_modules/@acme/greet/index.js", "module.exports = () => 'root';",
                "node_modules/@acme/greet/sub.js", "const inner = require('inner'); module.exports = (s) => inner + s;",
                "node_modules/@acme/greet/node_modules/inner/index.js", "module.exports = 'inner:';");
        assertEquals("[4,\"from json\",\"007\",\"inner:x\",true]", text(runtime.load(source(dir))));
    }

    @Test
    void packagesOutsideTheFunctionFolderAreInvisible() {
        folder(root, "node_modules/outside", "index.js", "module.exports = 'leaked';");
        Path dir = folder(root, "lonely", "handler.js", "exports.handler = () => require('outside');");
        FunctionException e = assertThrows(FunctionException.class, () -> text(runtime.load(source(dir))));
        assertTrue(e.getMessage().contains("Cannot load module: 'outside'"), e.getMessage());
    }

    @Test
    void escapingByDotDotFails() throws Exception {
        Files.writeString(root.resolve("sibling.js"), "module.exports = 'leaked';");
        Path dir = folder(root, "escape", "handler.js", "exports.handler = () => require('../sibling.js');");
        FunctionException e = assertThrows(FunctionException.class, () -> text(runtime.load(source(dir))));
        assertTrue(e.getMessage().contains("Cannot load module: '../sibling.js'"), e.getMessage());
    }

    @Test
    void requireOfABuiltinAtTheTopLevelIsALoadErrorNamingTheLine() {
        Path dir = folder(root, "usesfs", "handler.js", "// reads files\nconst fs = require('fs');\nexports.handler = () => 1;");
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> runtime.load(source(dir)));
        assertTrue(e.getMessage().contains("Node.js built-in module 'fs' is not available"), e.describe());
        assertTrue(e.file().endsWith("handler.js"), e.describe());
        assertEquals(2, e.line(), e.describe());
    }

    @Test
    void bufferIsNodesForTheEverydayEncodings() throws Exception {
        Path dir = folder(root, "buffers", "handler.js", """
                const { Buffer: Required } = require('buffer');
                exports.handler = () => {
                  const text = 'h\u00e9llo \u20ac\ud83d\ude00';
                  const b = Buffer.from(text);
                  const shared = Buffer.from('abc');
                  shared.slice(1)[0] = 0x7a;
                  return [Required === Buffer, b.length, Buffer.from(b.toString('base64'), 'base64').toString() === text,
                    Buffer.from('hi!').toString('hex'), Buffer.from('hello world').toString('base64'),
                    Buffer.from([0xfb, 0xff, 0xbf]).toString('base64url'), Buffer.from('aGVsbG8g d29ybGQ=', 'base64').toString(),
                    Buffer.from('e282ac', 'hex').toString(), Buffer.from([0x61, 0xff, 0x62]).toString() === 'a\ufffdb',
                    Buffer.from('\u00e9', 'latin1')[0], Buffer.concat([Buffer.from('ab'), Buffer.from('cd')]).toString(),
                    Buffer.alloc(5, 'ab').toString(), Buffer.byteLength('\u20ac'), Buffer.isBuffer(b), Buffer.isBuffer(new Uint8Array(1)),
                    JSON.stringify(Buffer.from('AB')), shared.toString(), Buffer.from('x').equals(Buffer.from('x')),
                    b.subarray(1, 3) instanceof Buffer];
                };
                """);
        assertEquals("[true,14,true,\"686921\",\"aGVsbG8gd29ybGQ=\",\"-_-_\",\"hello world\",\"\u20ac\",true,233,\"abcd\","
                + "\"ababa\",3,true,false,\"{\\\"type\\\":\\\"Buffer\\\",\\\"data\\\":[65,66]}\",\"azc\",true,true]",
                text(runtime.load(source(dir))));
    }

    @Test
    void aReturnedBufferIsABinaryBody() throws Exception {
        Path dir = folder(root, "binary", "handler.js", "exports.handler = () => Buffer.from([0, 1, 254, 255]);");
        FunctionResponse r = call(runtime.load(source(dir)), get("/").build());
        assertEquals(200, r.status());
        assertEquals(List.of("application/octet-stream"), r.headers().get("Content-Type"));
        assertArrayEquals(new byte[]{0, 1, (byte) 254, (byte) 255}, r.body());
    }

    @Test
    void anUnknownEncodingIsTheHandlersError() throws Exception {
        Path dir = folder(root, "badenc", "handler.js", "exports.handler = () => Buffer.from('x', 'utf7');");
        FunctionException e = assertThrows(FunctionException.class, () -> text(runtime.load(source(dir))));
        assertTrue(e.getMessage().contains("Unknown encoding: utf7"), e.getMessage());
    }

    @Test
    void syntaxErrorInARequiredFileNamesThatFile() {
        Path dir = folder(root, "broken", "handler.js", "const h = require('./helper');\nexports.handler = h;",
                "helper.js", "module.exports = () => {\n  return [1, 2;\n};");
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> runtime.load(source(dir)));
        assertTrue(e.file().endsWith("helper.js"), e.describe());
        assertEquals(2, e.line(), e.describe());
        assertTrue(e.column() > 0, e.describe());
    }

    @Test
    void missingExportNamesTheExpectedHandler() {
        Path dir = folder(root, "noexport", "handler.js", "exports.main = () => 1;");
        FunctionLoadException e = assertThrows(FunctionLoadException.class, () -> runtime.load(source(dir)));
        assertTrue(e.getMessage().contains("does not export a handler function named 'handler'"), e.describe());
        FunctionLoadException custom = assertThrows(FunctionLoadException.class, () -> runtime.load(source(dir, b -> b.handler("run"), Map.of())));
        assertTrue(custom.getMessage().contains("named 'run' (invoke.handler in fn.config.json"), custom.describe());
    }

    @Test
    void everyExportStyleIsFound() throws Exception {
        assertEquals("a", text(runtime.load(source(folder(root, "style-a", "handler.js", "exports.handler = () => 'a';")))));
        assertEquals("b", text(runtime.load(source(folder(root, "style-b", "handler.js", "module.exports = async () => 'b';")))));
        assertEquals("c", text(runtime.load(source(folder(root, "style-c", "handler.js", "exports.default = () => 'c';")))));
        assertEquals("d", text(runtime.load(source(folder(root, "style-d", "handler.js",
                "exports.default = { handler: () => 'd' };")))));
        assertEquals("e", text(runtime.load(source(folder(root, "style-e", "handler.js",
                "module.exports = { name: 'e', handler() { return this.name; } };")))));
    }

    @Test
    void contextsOfOneVersionRunTheCodeAsLoadedEvenAfterTheFileChanges() throws Exception {
        Path dir = folder(root, "snapshot", "handler.js",
                "exports.handler = async (e) => { await new Promise((r) => setTimeout(r, Number(e.query.wait || 0))); return 'v1'; };");
        FunctionVersion v = runtime.load(source(dir));
        Files.writeString(dir.resolve("handler.js"), "exports.handler = () => 'v2';");
        // Two overlapping calls make the pool open a second context after the edit.
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() ->
                call(v, get("/").query(Map.of("wait", List.of("300"))).build()).bodyText(), r -> new Thread(r).start());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (((NodeFunctionVersion) v).busy() == 0 && System.nanoTime() < until) {
            LockSupport.parkNanos(1_000_000);
        }
        CompletableFuture<String> other = CompletableFuture.supplyAsync(() ->
                call(v, get("/").query(Map.of("wait", List.of("300"))).build()).bodyText(), r -> new Thread(r).start());
        assertEquals("v1", slow.get());
        assertEquals("v1", other.get());
        assertTrue(((NodeFunctionVersion) v).contexts() >= 2, "a second context was opened");
    }
}
