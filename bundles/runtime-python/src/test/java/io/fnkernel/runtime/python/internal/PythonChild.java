package io.fnkernel.runtime.python.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionVersion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A JVM for {@code LifecycleTest}: loads the {@code sleepy} case, keeps two calls running on two
 * workers and prints {@code PIDS <pid> <pid>}; then waits (bounded) to be SIGKILLed, or with
 * {@code exit} calls {@code System.exit(0)} without closing anything. With {@code orphans} it loads
 * that case instead, calls it once and prints its worker's pid and those its handler left running.
 */
public final class PythonChild {

    private PythonChild() {
    }

    /** @param args the case folder, then {@code kill}, {@code exit} or {@code orphans} */
    public static void main(String[] args) throws Exception {
        PythonRuntime runtime = new PythonRuntime(PythonConfig.defaults(), Files.createTempDirectory("fnk-child"));
        FunctionVersion v = runtime.load(TestSupport.source(Path.of(args[0]), b -> b, java.util.Map.of()));
        if (args[1].equals("orphans")) {
            JsonNode body = new ObjectMapper().readTree(TestSupport.call(v, TestSupport.get("/orphans").build()).bodyText());
            StringBuilder pids = new StringBuilder("PIDS ").append(body.get("worker").asLong());
            body.get("children").forEach(c -> pids.append(' ').append(c.asLong()));
            System.out.println(pids);
            System.out.flush();
            Thread.sleep(60_000);
            System.exit(3);
        }
        boolean exit = args.length > 1 && args[1].equals("exit");
        for (int i = 0; i < 2; i++) {
            v.invoke(TestSupport.get("/sleepy", "ms", exit ? "1000" : "60000").timeoutMs(exit ? 5_000 : 120_000).build());
        }
        PythonVersion pv = (PythonVersion) v;
        TestSupport.waitFor("two workers", 20_000, () -> pv.workerPids().size() == 2);
        List<Long> pids = pv.workerPids();
        System.out.println("PIDS " + pids.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        System.out.flush();
        if (exit) {
            System.exit(0);
        }
        Thread.sleep(60_000);
        System.exit(3);
    }
}
