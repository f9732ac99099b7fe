package io.fnkernel.runtime.node.internal;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The host arrays the runtime hands to JavaScript ({@link JsEngine#HOST_ACCESS}) give their
 * elements and nothing of Java: no methods, no class, no way to the host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsEngineHostAccessTest {

    private JsEngine engine;
    private Context context;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        engine = JsEngine.create(new RunGate(1));
        context = engine.newContext(new FileSnapshot(root, Map.of()), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream());
    }

    @AfterAll
    void stop() {
        context.close(true);
        engine.close();
    }

    @Test
    void elementsAreReadAsJavaScriptValues() {
        Value read = context.eval("js", "(a) => [typeof a[0], a[0], typeof a[1], a[1], a[2], String(a[3])].join(',')");
        assertEquals("string,id-1,number,42,true,null", read.execute((Object) new Object[] {"id-1", 42, true, null}).asString());
    }

    @Test
    void nothingOfJavaIsReachableThroughTheArray() {
        Value probe = context.eval("js", """
                (a) => {
                  const seen = [];
                  for (const name of ['getClass', 'hashCode', 'equals', 'notify', 'wait', 'class', 'length']) {
                    seen.push(name + '=' + typeof a[name]);
                  }
                  try { a.getClass(); seen.push('getClass()=called'); } catch (e) { seen.push('getClass()=' + e.constructor.name); }
                  // Truffle lets a host array be copied; the copy is one more such array, no more
                  const copy = a.clone();
                  seen.push('clone()=' + copy[0] + ',' + typeof copy.getClass);
                  return seen.join(' ');
                }
                """);
        assertEquals("getClass=undefined hashCode=undefined equals=undefined notify=undefined wait=undefined class=undefined "
                + "length=number getClass()=TypeError clone()=x,undefined", probe.execute((Object) new Object[] {"x"}).asString());
    }
}
