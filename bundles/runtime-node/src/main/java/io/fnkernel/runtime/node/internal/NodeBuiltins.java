package io.fnkernel.runtime.node.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Node.js built-in modules, which GraalJS does not have: each name is replaced by a small virtual
 * module whose {@code require} throws an error that says so, instead of GraalJS's bare
 * "Cannot load module"; {@code buffer} alone is there, exporting the runtime's {@code Buffer}.
 */
final class NodeBuiltins {

    /** The virtual folder holding the replacement modules; served by {@link ConfinedFileSystem}, never on disk. */
    static final Path DIR = Paths.get("/__fnkernel__/node-builtins");

    /** Node 20's public built-in module names. */
    static final List<String> NAMES = List.of("assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster",
            "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain", "events", "fs",
            "fs/promises", "http", "http2", "https", "inspector", "inspector/promises", "module", "net", "os", "path",
            "path/posix", "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline", "readline/promises",
            "repl", "stream", "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys", "timers",
            "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi",
            "worker_threads", "zlib");

    /** {@code require('buffer')}: the {@code Buffer} every context defines (fnk-buffer.js). */
    private static final String BUFFER_MODULE = "'use strict';\nmodule.exports = { Buffer: globalThis.Buffer };\n";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, byte[]> FILES = build();

    private NodeBuiltins() {
    }

    /** @return the virtual files by absolute path */
    static Map<Path, byte[]> files() {
        return FILES;
    }

    private static Map<Path, byte[]> build() {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            String code = name.equals("buffer") ? BUFFER_MODULE : stub(name);
            out.put(path(name), code.getBytes(StandardCharsets.UTF_8));
        }
        return Collections.unmodifiableMap(out);
    }

    /** @return the value of GraalJS's {@code js.commonjs-core-modules-replacements} option */
    static String replacementsOption() {
        return NAMES.stream().map(n -> n + ":" + path(n)).collect(Collectors.joining(","));
    }

    private static Path path(String name) {
        return DIR.resolve(name + ".js");
    }

    /**
     * The replacement module: it throws on the first {@code require}, and since GraalJS keeps a
     * module that threw in its cache, it leaves behind exports that throw the same error on any use.
     */
    private static String stub(String name) {
        String message = "Node.js built-in module '" + name + "' is not available: fnkernel runs JavaScript on GraalJS, "
                + "without Node's APIs (fs, child_process, http, ...); use pure-JavaScript packages";
        String literal;
        try {
            literal = JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return "'use strict';\n"
                + "const message = " + literal + ";\n"
                + "const fail = () => { const e = new Error(message); e.code = 'ERR_UNKNOWN_BUILTIN_MODULE'; throw e; };\n"
                + "module.exports = new Proxy(function () {}, { get: fail, set: fail, has: fail, apply: fail, construct: fail,"
                + " ownKeys: fail, getPrototypeOf: fail, defineProperty: fail, deleteProperty: fail });\n"
                + "fail();\n";
    }
}
