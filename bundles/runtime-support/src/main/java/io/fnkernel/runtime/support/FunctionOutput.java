package io.fnkernel.runtime.support;

import io.fnkernel.api.FunctionRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Collects what one invocation of a handler printed and logs it line by line as
 * {@code [fn:hello@v2 stdout] line (req-1)}, capped so that a flood cannot fill the log. One
 * instance per call, so concurrent calls never mix their lines. Not thread-safe.
 */
public final class FunctionOutput {

    /** Bytes of output kept per stream and call; the rest is counted and dropped. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger("fn");

    private final String label;
    private final String requestId;
    private final int limit;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private long droppedOut;
    private long droppedErr;

    /**
     * @param ref the function called
     * @param requestId the call's request id
     * @param limit bytes kept per stream
     */
    public FunctionOutput(FunctionRef ref, String requestId, int limit) {
        this.label = "fn:" + ref.name() + "@" + ref.version();
        this.requestId = requestId;
        this.limit = limit;
    }

    /**
     * @param ref the function called
     * @param requestId the call's request id
     */
    public FunctionOutput(FunctionRef ref, String requestId) {
        this(ref, requestId, DEFAULT_LIMIT);
    }

    /** @param text what the handler wrote to standard output */
    public void out(String text) {
        droppedOut += append(stdout, text);
    }

    /** @param text what the handler wrote to standard error */
    public void err(String text) {
        droppedErr += append(stderr, text);
    }

    private long append(StringBuilder b, String text) {
        int room = limit - b.length();
        if (room >= text.length()) {
            b.append(text);
            return 0;
        }
        if (room > 0) {
            b.append(text, 0, room);
        }
        return text.getBytes(StandardCharsets.UTF_8).length - Math.max(room, 0);
    }

    /**
     * Counts output a runtime already dropped before it reached this object (a worker that caps
     * its own buffers), so the log line about dropped output covers it.
     *
     * @param stdoutBytes bytes of standard output dropped upstream
     * @param stderrBytes bytes of standard error dropped upstream
     */
    public void droppedUpstream(long stdoutBytes, long stderrBytes) {
        droppedOut += Math.max(0, stdoutBytes);
        droppedErr += Math.max(0, stderrBytes);
    }

    /** @return what was kept of standard output */
    public String stdout() {
        return stdout.toString();
    }

    /** @return what was kept of standard error */
    public String stderr() {
        return stderr.toString();
    }

    /** Logs what was collected, stdout at INFO and stderr at WARN, and forgets it. */
    public void flush() {
        emit("stdout", stdout, droppedOut, false);
        emit("stderr", stderr, droppedErr, true);
        stdout.setLength(0);
        stderr.setLength(0);
        droppedOut = 0;
        droppedErr = 0;
    }

    private void emit(String stream, StringBuilder b, long dropped, boolean warn) {
        if (b.length() == 0 && dropped == 0) {
            return;
        }
        int start = 0;
        String s = b.toString();
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl;
            log(warn, stream, s.substring(start, end));
            start = end + 1;
        }
        if (dropped > 0) {
            log(warn, stream, "... " + dropped + " more bytes of output dropped (limit " + limit + " per call)");
        }
    }

    private void log(boolean warn, String stream, String line) {
        if (warn) {
            LOG.warn("[{} {}] {} ({})", label, stream, line, requestId);
        } else {
            LOG.info("[{} {}] {} ({})", label, stream, line, requestId);
        }
    }
}
