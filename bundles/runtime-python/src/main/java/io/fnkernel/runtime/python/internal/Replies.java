package io.fnkernel.runtime.python.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRef;
import io.fnkernel.runtime.support.FunctionOutput;
import io.fnkernel.runtime.support.ResponseRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Settles a call from a worker's reply: logs what the handler printed and the traceback of what it
 * raised (its own frames only), and turns the result into a response through {@link ResponseRule}.
 */
final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger("fn");

    private final FunctionRef ref;
    private final String label;

    Replies(FunctionRef ref) {
        this.ref = ref;
        this.label = "fn:" + ref.name() + "@" + ref.version();
    }

    /**
     * Logs output that a worker sent outside a call (while importing the handler).
     *
     * @param meta the frame holding {@code stdout}/{@code stderr}
     * @param context what to show in place of a request id
     */
    void logOutput(JsonNode meta, String context) {
        if (!meta.has("stdout") && !meta.has("stderr")) {
            return;
        }
        FunctionOutput out = new FunctionOutput(ref, context);
        out.out(meta.path("stdout").asText(""));
        out.err(meta.path("stderr").asText(""));
        out.droppedUpstream(meta.path("stdout_dropped").asLong(0), meta.path("stderr_dropped").asLong(0));
        out.flush();
    }

    /**
     * Reads a failed hello frame.
     *
     * @param hello {@code {"ok": false, "error", "file", "line", "column"}}
     * @param entry the handler file, when the frame names none
     * @return the load error naming file, line and column
     */
    static FunctionLoadException loadError(JsonNode hello, Path entry) {
        String file = hello.path("file").asText("");
        return new FunctionLoadException(hello.path("error").asText("the handler could not be loaded"),
                file.isEmpty() ? entry : Path.of(file), hello.path("line").asInt(0), hello.path("column").asInt(0), null);
    }

    /**
     * Completes a call from its reply.
     *
     * @param call the call
     * @param meta the meta frame
     * @param payload the result as JSON bytes, or null when it was too long
     * @param oversize why the payload was dropped, or null
     */
    void settle(Call call, JsonNode meta, byte[] payload, Frames.TooLargeException oversize) {
        String id = call.request.id();
        logOutput(meta, id);
        if (!meta.path("ok").asBoolean(false)) {
            String message = meta.path("error").asText("the handler failed");
            String kind = meta.path("kind").asText();
            if ("expired".equals(kind)) { // it waited past its deadline: the timer settles such a call first, or this does
                call.fail(new FunctionException(FunctionException.Kind.TIMEOUT, "timeout after " + call.request.timeoutMs() + " ms"));
            } else if ("bad_response".equals(kind)) {
                LOG.warn("[{} error] invalid handler response: {} ({})", label, message, id);
                call.fail(new FunctionException(FunctionException.Kind.BAD_RESPONSE, "invalid handler response: " + message));
            } else {
                LOG.warn("[{} error] {} ({})\n{}", label, message, id, meta.path("traceback").asText("").stripTrailing());
                call.fail(new FunctionException(FunctionException.Kind.HANDLER_ERROR, message));
            }
            return;
        }
        if (oversize != null) {
            LOG.warn("[{} error] invalid handler response: {} ({})", label, oversize.getMessage(), id);
            call.fail(new FunctionException(FunctionException.Kind.BAD_RESPONSE, "invalid handler response: response too large"));
            return;
        }
        try {
            call.complete(ResponseRule.fromJson(new String(payload, StandardCharsets.UTF_8)));
        } catch (FunctionException e) {
            LOG.warn("[{} error] {} ({})", label, e.getMessage(), id);
            call.fail(e);
        } catch (RuntimeException e) {
            LOG.warn("[{} error] invalid handler response ({})", label, id, e);
            call.fail(new FunctionException(FunctionException.Kind.BAD_RESPONSE, "invalid handler response", e));
        }
    }
}
