package io.fnkernel.runtime.node.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionSource;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns GraalJS failures into errors for the function's author: the file, line and column in
 * their own code, the JavaScript message and stack, never the platform's Java frames.
 */
final class JsErrors {

    private static final Logger LOG = LoggerFactory.getLogger(JsErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SYNTAX = Pattern.compile("(?:SyntaxError: )?(.+):(\\d+):(\\d+) (.*)");

    private JsErrors() {
    }

    /**
     * @param env the function's environment
     * @return it as a JSON object
     */
    static String envJson(Map<String, String> env) {
        try {
            return JSON.writeValueAsString(env);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param source the function
     * @return the load error for a module that exports no handler function
     */
    static FunctionLoadException missingHandler(FunctionSource source) {
        String name = source.policy().handler();
        String file = source.entry().getFileName().toString();
        String how = FunctionPolicy.DEFAULT_HANDLER.equals(name)
                ? "expected exports.handler = async (event) => ..., module.exports = function, or exports.default = function"
                : "invoke.handler in fn.config.json names it";
        return new FunctionLoadException(file + " does not export a handler function named '" + name + "' (" + how + ")",
                source.entry());
    }

    /**
     * @param e what the engine threw, or null when the context was closed under the load
     * @param source the function
     * @param why the watchdog's reason when it stopped the load, or null
     * @param limitMs how long the load could run
     * @return the load error, located in the author's code when possible
     */
    static FunctionLoadException loadFailure(PolyglotException e, FunctionSource source, Cancellation why, int limitMs) {
        Path entry = source.entry();
        if (why != null) {
            String message = why.kind() == io.fnkernel.api.FunctionException.Kind.TIMEOUT
                    ? "the module did not finish loading within " + limitMs + " ms (an endless loop at the top level?)"
                    : "loading the module was stopped: " + why.message();
            return new FunctionLoadException(message, entry);
        }
        if (e == null || e.isCancelled()) {
            return new FunctionLoadException("loading the module was cancelled", entry);
        }
        if (e.isSyntaxError()) {
            return syntaxError(e, entry);
        }
        if (e.isGuestException()) {
            PolyglotException.StackFrame frame = userFrame(e, source.directory());
            SourceSection at = frame != null ? frame.getSourceLocation() : null;
            Path file = at != null ? Paths.get(at.getSource().getPath()) : entry;
            LOG.debug("[fn:{}] module failed to load: {}", source.ref(), guestStack(e));
            return new FunctionLoadException("the module threw while loading: " + e.getMessage(), file,
                    at != null ? at.getStartLine() : 0, at != null ? at.getStartColumn() : 0, null);
        }
        if (e.isResourceExhausted()) {
            return new FunctionLoadException("loading the module ran out of resources: " + e.getMessage(), entry);
        }
        LOG.error("[fn:{}] internal error while loading {}", source.ref(), entry, e);
        return new FunctionLoadException("internal error in the JavaScript runtime while loading: " + e.getMessage(), entry);
    }

    /**
     * GraalJS reports a syntax error in a required file as {@code SyntaxError: path:line:column message},
     * with a 0-based column and often without a source location; both forms are read here.
     */
    private static FunctionLoadException syntaxError(PolyglotException e, Path entry) {
        String first = e.getMessage().lines().findFirst().orElse("");
        Matcher m = SYNTAX.matcher(first);
        if (m.matches()) {
            return new FunctionLoadException("SyntaxError: " + m.group(4), Paths.get(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)) + 1, null);
        }
        SourceSection at = e.getSourceLocation();
        if (at != null && at.getSource().getPath() != null) {
            return new FunctionLoadException(first, Paths.get(at.getSource().getPath()), at.getStartLine(), at.getStartColumn(), null);
        }
        return new FunctionLoadException(first, entry);
    }

    private static PolyglotException.StackFrame userFrame(PolyglotException e, Path directory) {
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            SourceSection at = f.getSourceLocation();
            if (f.isGuestFrame() && at != null && at.getSource().getPath() != null
                    && Paths.get(at.getSource().getPath()).normalize().startsWith(directory)) {
                return f;
            }
        }
        return null;
    }

    /**
     * @param e a guest exception
     * @return its JavaScript stack ({@code Error: boom\n    at handler (/fn/handler.js:2:9)}), or its message
     */
    static String guestStack(PolyglotException e) {
        try {
            Value error = e.getGuestObject();
            if (error != null && error.hasMember("stack")) {
                Value stack = error.getMember("stack");
                if (stack.isString()) {
                    return stack.asString();
                }
            }
        } catch (RuntimeException ignored) {
            // the context may be closed by now; fall back to the message
        }
        return e.getMessage();
    }
}
