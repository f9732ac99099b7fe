package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionVersion;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.fnkernel.runtime.node.internal.TestFunctions.call;
import static io.fnkernel.runtime.node.internal.TestFunctions.folder;
import static io.fnkernel.runtime.node.internal.TestFunctions.get;
import static io.fnkernel.runtime.node.internal.TestFunctions.json;
import static io.fnkernel.runtime.node.internal.TestFunctions.runCase;
import static io.fnkernel.runtime.node.internal.TestFunctions.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fnk-json.js, the JavaScript JSON.parse for strings, gives what the builtin gives, errors included. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonParseTest {

    private static final String HANDLER = """
            const caught = (f) => { try { f(); return 'no error'; } catch (e) { return e.constructor.name + ': ' + e.message; } };
            const cases = {
              shape: () => {
                const d = Object.getOwnPropertyDescriptor(JSON, 'parse');
                return { name: d.value.name, length: d.value.length, writable: d.writable, enumerable: d.enumerable,
                  configurable: d.configurable, prototype: 'prototype' in d.value, construct: caught(() => new JSON.parse('1')).split(':')[0] };
              },
              proto: () => {
                const o = JSON.parse('{"__proto__":{"x":1},"toString":2}');
                return { own: Object.keys(o), prototypeKept: Object.getPrototypeOf(o) === Object.prototype, x: o.x };
              },
              setter: () => {
                let calls = 0;
                Object.defineProperty(Object.prototype, 'id', { set() { calls++; }, configurable: true });
                Object.defineProperty(Array.prototype, '1', { set() {}, configurable: true });
                try {
                  const o = JSON.parse('{"id":7,"list":[1,2,3]}');
                  return { id: Object.getOwnPropertyDescriptor(o, 'id').value, list: Object.entries(o.list), calls };
                } finally {
                  delete Object.prototype.id;
                  delete Array.prototype[1];
                }
              },
              others: () => ({
                reviver: JSON.parse('{"a":1,"b":[2]}', (k, v) => (typeof v === 'number' ? v * 10 : v)),
                number: JSON.parse(5),
                object: JSON.parse({ toString: () => '[true]' }),
                symbol: caught(() => JSON.parse(Symbol('s'))).split(':')[0],
                negativeZero: Object.is(JSON.parse('-0'), -0),
              }),
              stack: () => { try { JSON.parse('{"a":}'); } catch (e) { return e.stack; } },
            };
            exports.handler = (event) => cases[event.query.case]();
            """;

    /** Programs that lock their realm down freeze Object.prototype, so assigning "constructor" would throw. */
    private static final String FROZEN = """
            Object.freeze(Object.prototype);
            exports.handler = () => JSON.parse('{"constructor":1,"valueOf":2,"n":3}');
            """;

    private NodeRuntime runtime;
    private FunctionVersion v;
    private FunctionVersion frozen;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        runtime = new NodeRuntime(NodeRuntimeConfig.defaults());
        v = runtime.load(source(folder(root, "json", "handler.js", HANDLER)));
        frozen = runtime.load(source(folder(root, "frozen", "handler.js", FROZEN)));
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = JsonParseTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A plain context with the builtin saved as builtinParse, then fnk-json.js and the fuzzer. */
    private static Context fuzzContext() throws IOException {
        Context c = Context.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
        c.eval("js", "var builtinParse = JSON.parse;");
        c.eval(Source.newBuilder("js", resource("fnk-json.js"), "fnk-json.js").build());
        c.eval(Source.newBuilder("js", resource("json-fuzz.js"), "json-fuzz.js").build());
        return c;
    }

    @Test
    void agreesWithTheBuiltinOnGeneratedAndMutatedTexts() throws IOException {
        try (Context c = fuzzContext()) {
            Value fuzz = c.getBindings("js").getMember("fuzz");
            assertEquals(6000, fuzz.execute(20261204, 1200).asInt());
        }
    }

    @Test
    void agreesWithTheBuiltinOnEdgeCases() throws IOException {
        try (Context c = fuzzContext()) {
            Value check = c.getBindings("js").getMember("check");
            for (String text : List.of("", " ", "1", "-", "01", "-01", "1.", ".5", "+1", "1e", "1e+", "1E5", "-0.0e-0", "tru", "nul",
                    "true ", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":1}x", "\"\\u12\"", "\"\\x\"",
                    "\"\u0001\"", "\"\\uD800\"", "\"abc", "[\"a\"\n,\t\"b\"\r]", "\u00a0 1", "{\"a\":{\"b\":{\"c\":[[[]]]}}}",
                    "[".repeat(200_000), "[".repeat(3_000) + "]".repeat(3_000), "123456789012345678901234567890e-10")) {
                check.execute(text);
            }
        }
    }

    @Test
    void looksLikeTheBuiltin() {
        assertEquals(json("{'name':'parse','length':2,'writable':true,'enumerable':false,'configurable':true,'prototype':false,"
                + "'construct':'TypeError'}"), runCase(v, "shape"));
    }

    @Test
    void keysThatPrototypesHaveAreDefinedNotAssigned() {
        assertEquals(json("{'own':['__proto__','toString'],'prototypeKept':true}"), runCase(v, "proto"));
        assertEquals(json("{'id':7,'list':[['0',1],['1',2],['2',3]],'calls':0}"), runCase(v, "setter"));
        assertEquals(json("{'constructor':1,'valueOf':2,'n':3}"), call(frozen, get("/frozen").build()).bodyText());
    }

    @Test
    void otherInputsAndRevivers() {
        assertEquals(json("{'reviver':{'a':10,'b':[20]},'number':5,'object':[true],"
                + "'symbol':'TypeError','negativeZero':true}"), runCase(v, "others"));
    }

    @Test
    void syntaxErrorsShowTheUsersFramesOnly() {
        String stack = runCase(v, "stack");
        assertTrue(stack.startsWith("SyntaxError"), stack);
        assertFalse(stack.contains("fnk-json"), stack);
        assertTrue(stack.contains("handler.js"), stack);
    }
}
