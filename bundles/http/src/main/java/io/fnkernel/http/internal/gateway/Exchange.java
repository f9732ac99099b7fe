package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One request in flight: whoever answers first (the function, an error, the timeout safety net)
 * claims it, writes the response in one write, and the access log line follows when Jetty is done.
 * As a {@link Runnable} it is its own timeout task.
 */
public final class Exchange implements Callback, Runnable {

    /** The request id header, sent back on every response. */
    public static final String REQUEST_ID = "X-Request-Id";
    static final HttpField JSON_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField CLOSE = new PreEncodedHttpField(HttpHeader.CONNECTION, "close");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final VarHandle DONE;
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(Exchange.class, "done", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final GatewayServices services;
    private final String id;
    private final long startNanos;
    private final String method;
    private final String path;
    private volatile int done;
    private volatile Scheduler.Task timer;
    private volatile FunctionCall call;
    private volatile boolean bodyRead;
    private String label = "-";
    private int status;
    private long bytes;
    private Delivery delivery = ResponseWriter.DIRECT;
    private HttpField[] functionHeaders;

    /** How a function's response is turned into the HTTP answer. */
    public interface Delivery {
        /**
         * @param ex the exchange, already claimed
         * @param response the function's response
         */
        void deliver(Exchange ex, FunctionResponse response);
    }

    Exchange(Request request, Response response, Callback callback, GatewayServices services) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.services = services;
        this.startNanos = request.getBeginNanoTime();
        this.id = RequestIds.of(request.getHeaders().get(REQUEST_ID));
        this.method = request.getMethod();
        String decoded = request.getHttpURI().getDecodedPath();
        this.path = decoded == null ? "" : decoded;
    }

    /** @return the request id */
    public String id() {
        return id;
    }

    /** @return the Jetty request */
    public Request request() {
        return request;
    }

    /** @return the Jetty response; touch it only after {@link #claim()} */
    public Response response() {
        return response;
    }

    /** @return the request method as sent */
    public String method() {
        return method;
    }

    /** @return the decoded request path */
    public String path() {
        return path;
    }

    /** @return when the gateway received the request, {@link System#nanoTime()} */
    public long startNanos() {
        return startNanos;
    }

    /** @return shared services */
    public GatewayServices services() {
        return services;
    }

    /** @param value {@code name@version} of the function serving this request, for the access log */
    public void label(String value) {
        this.label = value;
    }

    /** @return {@code name@version} of the function serving this request, or {@code -} */
    public String label() {
        return label;
    }

    /**
     * @param value headers the gateway adds to the function's response (FastFN's warm-state headers)
     */
    public void functionHeaders(HttpField... value) {
        this.functionHeaders = value;
    }

    /** @return headers the gateway adds to the function's response, or null */
    HttpField[] functionHeaders() {
        return functionHeaders;
    }

    /** @param value how the function's response is answered */
    public void delivery(Delivery value) {
        this.delivery = value;
    }

    /** @return true once someone has answered */
    public boolean isDone() {
        return done != 0;
    }

    /**
     * Takes the right to answer. Only the one caller that gets true may touch the response.
     *
     * @return true for the first caller
     */
    public boolean claim() {
        if (!DONE.compareAndSet(this, 0, 1)) {
            return false;
        }
        Scheduler.Task t = timer;
        if (t != null) {
            t.cancel();
        }
        return true;
    }

    /**
     * Arms the safety net: answers 504 and cancels the call when it is still unanswered after the
     * delay. Idempotent.
     *
     * @param delayMs milliseconds from now
     */
    public void armTimeout(long delayMs) {
        if (timer == null && done == 0) {
            timer = services.scheduler().schedule(this, Math.max(1, delayMs), TimeUnit.MILLISECONDS);
        }
    }

    /** @param value the pending call, abandoned if the safety net fires */
    void watch(FunctionCall value) {
        this.call = value;
    }

    /** The safety net fired: the call is abandoned (cancelled, its permit or queue place freed), then 504. */
    @Override
    public void run() {
        if (claim()) {
            FunctionCall c = call;
            if (c != null) {
                try {
                    c.abandon();
                } catch (RuntimeException e) {
                    LOG.warn("{} abandoning the timed-out call of {} failed", id, label, e);
                }
            }
            writeError(504, "runtime timeout");
        }
    }

    /**
     * Answers with the function's response, unless someone answered already.
     *
     * @param r the response
     */
    public void deliver(FunctionResponse r) {
        if (!claim()) {
            return;
        }
        try {
            delivery.deliver(this, r);
        } catch (RuntimeException e) {
            LOG.error("{} could not write the response of {} ({})", id, label, path, e);
            if (!response.isCommitted()) {
                response.reset();
                writeError(502, "invalid function response");
            } else {
                failed(e);
            }
        }
    }

    /**
     * Answers a platform error, unless someone answered already.
     *
     * @param code the status
     * @param message what the client is told
     */
    public void sendError(int code, String message) {
        if (claim()) {
            writeError(code, message);
        }
    }

    /**
     * Answers a platform error with extra headers, unless someone answered already.
     *
     * @param code the status
     * @param message what the client is told
     * @param headers the extra headers
     */
    public void sendError(int code, String message, HttpField... headers) {
        if (claim()) {
            for (HttpField f : headers) {
                response.getHeaders().put(f);
            }
            writeError(code, message);
        }
    }

    /**
     * Answers 413 and closes the connection (the rest of the body is not read).
     *
     * @param message what the client is told
     */
    public void sendTooLarge(String message) {
        if (claim()) {
            response.getHeaders().put(CLOSE);
            writeError(413, message);
        }
    }

    /**
     * Answers a JSON body, unless someone answered already.
     *
     * @param code the status
     * @param json the body
     */
    public void sendJson(int code, byte[] json) {
        if (claim()) {
            writeJson(code, json);
        }
    }

    /**
     * After {@link #claim()}: writes a JSON body.
     *
     * @param code the status
     * @param json the body
     */
    public void writeJson(int code, byte[] json) {
        response.getHeaders().put(JSON_TYPE);
        write(code, ByteBuffer.wrap(json));
    }

    /**
     * Answers an empty body with an {@code Allow} header: 204 for OPTIONS, or a 405 error.
     *
     * @param code 204 or 405
     * @param allow the {@code Allow} value
     */
    public void sendAllow(int code, String allow) {
        if (!claim()) {
            return;
        }
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        if (code == 204) {
            write(204, EMPTY);
        } else {
            writeError(code, "method not allowed");
        }
    }

    /**
     * After {@link #claim()}: writes a platform error body.
     *
     * @param code the status
     * @param message what the client is told
     */
    public void writeError(int code, String message) {
        if (!bodyRead && (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
            // The body was never read: Jetty closes the connection after this answer, so say so, or a
            // client that reuses the connection meanwhile (HTTP/1.1 keep-alive) sends into a closing socket.
            response.getHeaders().put(CLOSE);
        }
        writeJson(code, Json.error(message, id));
    }

    /** Marks the request body as read to its end, so an error answer may keep the connection. */
    void bodyRead() {
        bodyRead = true;
    }

    /**
     * After {@link #claim()}: writes status, {@code X-Request-Id}, {@code Content-Length} and the body in one write.
     *
     * @param code the status
     * @param body the body
     */
    void write(int code, ByteBuffer body) {
        status = code;
        bytes = body.remaining();
        response.setStatus(code);
        HttpFields.Mutable h = response.getHeaders();
        // Added, not put: nothing sets these two before (ResponseWriter leaves a function's own out),
        // and put scans the headers through an iterator allocated per call.
        h.add(new HttpField(null, REQUEST_ID, id)); // no header-name lookup: X-Request-Id is not one of Jetty's HttpHeader
        if (code == 204 || code == 304 || code < 200) {
            response.write(true, EMPTY, this);
            return;
        }
        h.add(HttpHeader.CONTENT_LENGTH, bytes);
        response.write(true, HttpMethod.HEAD.is(method) ? EMPTY : body, this);
    }

    @Override
    public void succeeded() {
        services.accessLog().log(id, method, request.getHttpURI().getPath(), label, status, bytes, startNanos);
        callback.succeeded();
    }

    @Override
    public void failed(Throwable x) {
        services.accessLog().log(id, method, request.getHttpURI().getPath(), label, status, -1, startNanos);
        callback.failed(x);
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
