package io.fnkernel.runtime.python.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PythonConfigTest {

    @Test
    void defaults() {
        PythonConfig c = PythonConfig.defaults();
        assertEquals("python3", c.executable());
        assertEquals(2, c.maxWorkers());
        assertEquals(30_000, c.loadTimeoutMs());
        assertEquals(300_000, c.pipTimeoutMs());
        assertEquals(64 * 1024 * 1024, c.maxFrameBytes());
        assertEquals(64 * 1024 * 1024, c.maxSnapshotBytes());
        assertEquals(1_000, c.pipelineMaxMicros());
        assertTrue(c.problems().isEmpty());
    }

    @Test
    void readsEveryProperty() {
        PythonConfig c = PythonConfig.from(Map.of(PythonConfig.EXECUTABLE, " /usr/bin/python3.11 ", PythonConfig.WORKERS, "4",
                PythonConfig.LOAD_TIMEOUT_MS, "5000", PythonConfig.PIP_TIMEOUT_MS, "60000", PythonConfig.MAX_FRAME_BYTES, "1048576",
                PythonConfig.SNAPSHOT_MAX_BYTES, "2048", PythonConfig.PIPELINE_MAX_US, "0")::get);
        assertEquals(new PythonConfig("/usr/bin/python3.11", 4, 5000, 60_000, 1 << 20, 2048, 0, java.util.List.of()), c);
    }

    @Test
    void malformedValuesFallBackAndNameTheProperty() {
        PythonConfig c = PythonConfig.from(Map.of(PythonConfig.WORKERS, "many", PythonConfig.LOAD_TIMEOUT_MS, "-1")::get);
        assertEquals(2, c.maxWorkers());
        assertEquals(30_000, c.loadTimeoutMs());
        assertEquals(2, c.problems().size());
        assertTrue(c.problems().get(0).startsWith("fnk.python.workers must be an integer from 1 to 64, got 'many'"), c.problems().get(0));
        assertTrue(c.problems().get(1).startsWith("fnk.python.load.timeout.ms"), c.problems().get(1));
    }
}
