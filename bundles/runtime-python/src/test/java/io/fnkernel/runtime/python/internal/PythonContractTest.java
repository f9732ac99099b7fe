package io.fnkernel.runtime.python.internal;

import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.runtime.support.contract.RuntimeContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The shared runtime contract, run against CPython workers with the fixtures in {@code contract/}. */
class PythonContractTest extends RuntimeContractTest {

    @TempDir
    static Path work;

    private PythonRuntime runtime;

    @Override
    protected synchronized FunctionRuntime runtime() {
        if (runtime == null) {
            runtime = new PythonRuntime(PythonConfig.defaults(), work);
        }
        return runtime;
    }

    @Override
    protected String runtimeId() {
        return PythonRuntime.ID;
    }

    @Override
    protected String extension() {
        return ".py";
    }

    @Override
    protected Path fixtures() {
        try {
            return Path.of(PythonContractTest.class.getResource("/contract").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void closeRuntime() {
        if (runtime != null) {
            runtime.close();
        }
    }
}
