package io.fnkernel.runtime.node.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.runtime.support.contract.RuntimeContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared runtime contract, run against GraalJS with the handlers in {@code contract/*}/handler.js. */
@ExtendWith(NodeContractTest.ContractBug.class)
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

    /**
     * {@code eventCarriesTheRequest} with its one wrong line corrected: the shared test reads
     * {@code e.get("body")}, but the echo fixtures (JS and Python alike) must answer
     * {@code request_body}, because an object with a {@code body} key is an envelope
     * (DESIGN.md decision 2). Remove this and {@link ContractBug} once RuntimeContractTest reads
     * {@code request_body}.
     */
    @Test
    void eventCarriesTheRequestBody() throws Exception {
        FunctionRequest r = request("POST", "/echo/7").rawPath("/echo/7?a=1&a=2&flag")
                .query(Map.of("a", List.of("1", "2"), "flag", java.util.Collections.singletonList(null)))
                .params(Map.of("userId", "7")).headers(Map.of("X-Test", List.of("yes"), "Cookie", List.of("sid=abc; theme=dark")))
                .body("{\"x\":1}".getBytes(StandardCharsets.UTF_8)).userAgent("contract").build();
        FunctionResponse out = call(load("echo"), r);
        assertTrue(out.header("content-type").startsWith("application/json"));
        JsonNode e = new ObjectMapper().readTree(out.body());
        assertEquals("POST", e.get("method").asText());
        assertEquals("/echo/7", e.get("path").asText());
        assertEquals("/echo/7?a=1&a=2&flag", e.get("raw_path").asText());
        assertEquals("[\"1\",\"2\"]", e.get("query").get("a").toString());
        assertTrue(e.get("query").get("flag").asBoolean());
        assertEquals("7", e.get("params").get("userId").asText());
        assertEquals("{\"x\":1}", e.get("request_body").asText());
        assertEquals("yes", e.get("header").asText());
        assertEquals("echo", e.get("function_name").asText());
        assertEquals("default", e.get("version").asText());
        assertEquals(r.id(), e.get("request_id").asText());
        assertEquals("127.0.0.1", e.get("client_ip").asText());
        assertEquals("abc", e.get("session_id").asText());
    }

    /** Skips the one shared case that cannot pass as written; see {@link #eventCarriesTheRequestBody()}. */
    static final class ContractBug implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            boolean bug = context.getTestMethod().map(m -> m.getName().equals("eventCarriesTheRequest")).orElse(false);
            return bug ? ConditionEvaluationResult.disabled("RuntimeContractTest line 146 reads 'body', the echo fixture answers "
                    + "'request_body' (a 'body' key would make it an envelope); checked by eventCarriesTheRequestBody")
                    : ConditionEvaluationResult.enabled("contract case");
        }
    }
}
