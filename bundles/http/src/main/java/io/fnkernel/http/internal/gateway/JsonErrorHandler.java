package io.fnkernel.http.internal.gateway;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Jetty's error handler, for what Jetty refuses before the gateway sees a request (malformed HTTP,
 * ambiguous URIs, oversized request line or headers, both 431): answers the platform's JSON error
 * with a request id, the status reason and, for client errors, Jetty's short explanation; never a
 * stack trace.
 */
public final class JsonErrorHandler implements Request.Handler {

    private final AccessLog accessLog;

    /** @param accessLog where the request is logged */
    public JsonErrorHandler(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        Object attr = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        String detail = attr instanceof String s ? s : null;
        if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException he) {
            code = he.getCode();
            if (detail == null) {
                detail = he.getReason();
            }
        }
        if (code < 400 || code > 599) {
            code = 500;
        }
        if (code == 414) {
            // The request line counts against the same 16 KiB as the headers; one status for both.
            code = 431;
            detail = "request line too long";
        }
        String message = String.valueOf(HttpStatus.getMessage(code)).toLowerCase(Locale.ROOT);
        if (code < 500 && detail != null && !detail.isBlank() && !detail.equalsIgnoreCase(message)) {
            message = message + ": " + HeaderCheck.printable(detail);
        }
        String id = RequestIds.of(request.getHeaders().get(Exchange.REQUEST_ID));
        byte[] body = Json.error(message, id);
        response.setStatus(code);
        response.getHeaders().put(Exchange.JSON_TYPE);
        response.getHeaders().put(Exchange.REQUEST_ID, id);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        HttpURI uri = request.getHttpURI();
        String path = uri == null || uri.getPath() == null ? "-" : uri.getPath();
        accessLog.log(id, request.getMethod(), path, "-", code, body.length, request.getBeginNanoTime());
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }
}
