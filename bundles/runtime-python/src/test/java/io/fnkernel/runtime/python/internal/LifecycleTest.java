package io.fnkernel.runtime.python.internal;

import io.fnkernel.api.FunctionException.Kind;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.FunctionVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.fnkernel.runtime.python.internal.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** No orphan workers: close drains then stops, deactivation and runtime close stop all, and a killed JVM takes its workers along. */
class LifecycleTest {

    @TempDir
    Path work;

    @Test
    void closeLetsCallsInFlightFinishRefusesNewOnesThenStopsTheWorkers() throws Exception {
        PythonRuntime runtime = new PythonRuntime(PythonConfig.defaults(), work);
        try {
            PythonVersion v = (PythonVersion) runtime.load(source("sleepy"));
            List<Long> pids = v.workerPids();
            CompletableFuture<FunctionResponse> inFlight = begin(v, get("/sleepy", "ms", "700").timeoutMs(10_000).build());
            CompletableFuture<Void> closing = CompletableFuture.runAsync(v::close);
            waitFor("the version to refuse calls", 5_000, () -> {
                try {
                    call(v, get("/sleepy").build());
                    return false;
                } catch (io.fnkernel.api.FunctionException e) {
                    return e.kind() == Kind.CLOSED;
                }
            });
            assertEquals(200, await(inFlight, 10_000).status());
            closing.get(10, TimeUnit.SECONDS);
            assertFalse(pids.stream().anyMatch(TestSupport::alive), "workers alive after close: " + pids);
            assertTrue(v.workerPids().isEmpty());
            v.close(); // idempotent
        } finally {
            runtime.close();
        }
    }

    @Test
    void runtimeCloseStopsTheWorkersOfEveryVersion() throws Exception {
        PythonRuntime runtime = new PythonRuntime(PythonConfig.defaults(), work);
        List<Long> pids = new ArrayList<>();
        for (String name : List.of("sleepy", "zero", "crash")) {
            pids.addAll(((PythonVersion) runtime.load(source(name))).workerPids());
        }
        assertEquals(3, pids.size());
        runtime.close();
        assertFalse(pids.stream().anyMatch(TestSupport::alive), "workers alive after runtime close: " + pids);
    }

    @Test
    void componentRegistersTheRuntimeAndDeactivationStopsItsWorkers() throws Exception {
        AtomicReference<Dictionary<?, ?>> props = new AtomicReference<>();
        AtomicBoolean unregistered = new AtomicBoolean();
        CompletableFuture<String> described = new CompletableFuture<>();
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ServiceRegistration.class}, (p, m, a) -> {
                    if (m.getName().equals("unregister")) {
                        unregistered.set(true);
                        return null;
                    }
                    if (m.getName().equals("setProperties")) {
                        described.complete(String.valueOf(((Dictionary<?, ?>) a[0]).get(FunctionRuntime.PROP_DESCRIPTION)));
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> Map.of(PythonConfig.WORKERS, "1").get(a[0]);
                    case "getDataFile" -> new File(work.toFile(), (String) a[0]);
                    case "registerService" -> {
                        assertEquals(FunctionRuntime.class, a[0]);
                        assertInstanceOf(PythonRuntime.class, a[1]);
                        props.set((Dictionary<?, ?>) a[2]);
                        yield registration;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        PythonRuntimeComponent component = new PythonRuntimeComponent(context);
        assertEquals("python", props.get().get(FunctionRuntime.PROP_ID));
        assertEquals(List.of(".py"), Arrays.asList((String[]) props.get().get(FunctionRuntime.PROP_EXTENSIONS)));
        Object first = props.get().get(FunctionRuntime.PROP_DESCRIPTION);
        assertTrue(first.equals("Python (looking for python3)") || first.toString().startsWith("CPython 3."), first.toString());
        assertTrue(described.get(30, TimeUnit.SECONDS).startsWith("CPython 3."), "the description follows the probe");
        PythonVersion v = (PythonVersion) component.runtime().load(source("sleepy"));
        List<Long> pids = v.workerPids();
        assertTrue(work.resolve("python").toFile().isDirectory(), "worker script goes to the bundle data area");
        component.deactivate();
        assertTrue(unregistered.get());
        assertFalse(pids.stream().anyMatch(TestSupport::alive), "workers alive after deactivate: " + pids);
    }

    @Test
    void workersOutliveTheThreadThatLoadedThem() throws Exception {
        // PR_SET_PDEATHSIG fires when the *thread* that started a process ends: loading must not start workers itself.
        PythonRuntime runtime = new PythonRuntime(PythonConfig.defaults(), work);
        try {
            AtomicReference<PythonVersion> v = new AtomicReference<>();
            Thread loader = new Thread(() -> {
                try {
                    v.set((PythonVersion) runtime.load(source("sleepy")));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            loader.start();
            loader.join(30_000);
            assertFalse(loader.isAlive());
            long pid = v.get().workerPids().get(0);
            // A death signal wrongly tied to the loader thread would have ended the worker by now.
            assertThrows(java.util.concurrent.TimeoutException.class, () -> ProcessHandle.of(pid).orElseThrow().onExit().get(300, TimeUnit.MILLISECONDS),
                    "worker died with the thread that loaded it");
            assertTrue(call(v.get(), get("/sleepy").build()).bodyText().contains(Long.toString(pid)));
        } finally {
            runtime.close();
        }
    }

    @Test
    void sigkilledJvmTakesItsWorkersAlong() throws Exception {
        Process jvm = childJvm("kill");
        List<Long> pids = new ArrayList<>();
        try {
            pids.addAll(readPids(jvm));
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, jvm.exitValue());
            waitDead(pids, 5_000);
        } finally {
            jvm.destroyForcibly();
            pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void jvmExitingWithoutClosingLeavesNoWorkers() throws Exception {
        Process jvm = childJvm("exit");
        List<Long> pids = new ArrayList<>();
        try {
            pids.addAll(readPids(jvm));
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the shutdown hook's drain took too long");
            assertEquals(0, jvm.exitValue());
            waitDead(pids, 5_000);
        } finally {
            jvm.destroyForcibly();
            pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void sigkilledJvmTakesWhatItsHandlersStartedAlong() throws Exception {
        Process jvm = childJvm("orphans", "orphans");
        List<Long> pids = new ArrayList<>();
        try {
            pids.addAll(readPids(jvm, 4)); // the worker, a child, a daemonised grandchild, a fork
            jvm.destroyForcibly();
            assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
            waitDead(pids, 5_000);
            waitFor("the worker's group to be empty", 5_000, () -> groupMembers(pids.get(0)).isEmpty());
        } finally {
            jvm.destroyForcibly();
            pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static Process childJvm(String mode) throws Exception {
        return childJvm("sleepy", mode);
    }

    private static Process childJvm(String caseName, String mode) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                PythonChild.class.getName(), fixture("cases", caseName).toString(), mode).redirectErrorStream(true).start();
    }

    private static List<Long> readPids(Process jvm) throws Exception {
        return readPids(jvm, 2);
    }

    /** Reads the child's {@code PIDS} line (bounded), then keeps draining its output so it never blocks. */
    private static List<Long> readPids(Process jvm, int count) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.startsWith("PIDS ")) {
                        line.complete(l);
                    }
                }
            } catch (java.io.IOException e) {
                // the child ended
            }
            line.complete("child ended without PIDS");
        });
        reader.setDaemon(true);
        reader.start();
        String pidLine = line.get(60, TimeUnit.SECONDS);
        assertTrue(pidLine.startsWith("PIDS "), pidLine);
        List<Long> pids = Arrays.stream(pidLine.substring(5).trim().split(" ")).map(Long::parseLong).toList();
        assertEquals(count, pids.size(), pidLine);
        assertTrue(pids.stream().allMatch(TestSupport::alive));
        return pids;
    }
}
