package io.fnkernel.runtime.python.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.fnkernel.runtime.python.internal.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** What a handler starts (a child, a daemonised grandchild, a fork) never outlives its worker, however the worker ends. */
@EnabledOnOs(OS.LINUX)
class OrphanTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private PythonRuntime runtime;
    private final List<Long> started = new ArrayList<>();

    @BeforeEach
    void start() {
        runtime = new PythonRuntime(PythonConfig.from(Map.of(PythonConfig.WORKERS, "1")::get), work);
    }

    @AfterEach
    void stop() {
        runtime.close();
        started.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Calls the {@code orphans} case: its worker's pid first, then those of the processes it left. */
    private List<Long> leaveOrphans(FunctionVersion v) throws Exception {
        JsonNode body = JSON.readTree(call(v, get("/orphans").build()).bodyText());
        List<Long> pids = new ArrayList<>(List.of(body.get("worker").asLong()));
        body.get("children").forEach(c -> pids.add(c.asLong()));
        started.addAll(pids);
        assertEquals(4, pids.size(), body.toString());
        assertTrue(pids.stream().allMatch(TestSupport::alive), "not all started: " + pids);
        long daemon = pids.get(2);
        assertTrue(ProcessHandle.current().descendants().noneMatch(h -> h.pid() == daemon), "the daemon should be reparented");
        return pids;
    }

    @Test
    void sigkilledWorkerTakesWhatItsHandlerStartedAlong() throws Exception {
        PythonVersion v = (PythonVersion) runtime.load(source("orphans"));
        List<Long> pids = leaveOrphans(v);
        long worker = pids.get(0);
        assertEquals(List.of(worker), v.workerPids());
        ProcessHandle.of(worker).orElseThrow().destroyForcibly(); // from outside, as an operator or the OOM killer would
        waitDead(pids, 5_000);
        waitFor("the worker's group to be empty", 5_000, () -> groupMembers(worker).isEmpty());
        // The fork held the protocol pipe open: the pool still noticed the death and serves with a new worker.
        waitFor("the pool to drop the dead worker", 5_000, () -> !v.workerPids().contains(worker));
        assertNotEquals(worker, leaveOrphans(v).get(0));
    }

    @Test
    void closingTheVersionKillsWhatItsHandlerStarted() throws Exception {
        PythonVersion v = (PythonVersion) runtime.load(source("orphans"));
        List<Long> pids = leaveOrphans(v);
        v.close();
        waitDead(pids, 5_000);
        assertTrue(groupMembers(pids.get(0)).isEmpty(), "left in the worker's group: " + groupMembers(pids.get(0)));
    }

    @Test
    void closingTheRuntimeKillsWhatEveryHandlerStarted() throws Exception {
        List<Long> pids = leaveOrphans(runtime.load(source("orphans")));
        runtime.close();
        waitDead(pids, 5_000);
    }
}
