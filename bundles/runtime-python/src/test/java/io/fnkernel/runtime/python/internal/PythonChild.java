package io.fnkernel.runtime.python.internal;

import io.fnkernel.api.FunctionVersion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A JVM for {@code LifecycleTest}'s kill test: loads the {@code sleepy} case, keeps two calls
 * running on two workers, prints {@code PIDS <pid> <pid>} and waits (bounded) to be SIGKILLed.
 */
public final class PythonChild {

    private PythonChild() {
    }

    /** @param args the {@code sleepy} case folder */
    public static void main(String[] args) throws Exception {
        PythonRuntime runtime = new PythonRuntime(PythonConfig.defaults(), Files.createTempDirectory("fnk-child"));
        FunctionVersion v = runtime.load(TestSupport.source(Path.of(args[0]), b -> b, java.util.Map.of()));
        for (int i = 0; i < 2; i++) {
            v.invoke(TestSupport.get("/sleepy", "ms", "60000").timeoutMs(120_000).build());
        }
        PythonVersion pv = (PythonVersion) v;
        TestSupport.waitFor("two workers", 20_000, () -> pv.workerPids().size() == 2);
        List<Long> pids = pv.workerPids();
        System.out.println("PIDS " + pids.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        System.out.flush();
        Thread.sleep(60_000);
        System.exit(3);
    }
}
