package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.runtime.support.contract.RuntimeContractTest;
import org.junit.jupiter.api.AfterAll;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The shared runtime contract, run against GraalJS with the handlers in {@code contract/*}/handler.js. */
class NodeContractTest extends RuntimeContractTest {

    private final NodeRuntime runtime = new NodeRuntime(NodeRuntimeConfig.defaults());

    @Override
    protected FunctionRuntime runtime() {
        return runtime;
    }

    @Override
    protected String runtimeId() {
        return NodeRuntime.ID;
    }

    @Override
    protected String extension() {
        return NodeRuntime.EXTENSION;
    }

    @Override
    protected Path fixtures() {
        try {
            return Paths.get(NodeContractTest.class.getResource("/contract").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void closeRuntime() {
        runtime.close();
    }
}
