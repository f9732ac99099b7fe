package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionRef;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.route.RouteTable;
import io.fnkernel.http.internal.routing.RouteState;
import io.fnkernel.http.internal.routing.Target;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;

import java.util.Map;

/**
 * Routes a request to a function version: {@code /name@version} by the index, everything else by
 * the route table (its precedence, 405 and 409). Answers HEAD as GET without a body and OPTIONS
 * with 204 and {@code Allow}, refuses a declared body over {@code max_body_bytes} before reading
 * it, then reads the body and starts the call.
 */
final class FunctionRouter {

    /**
     * @param ex the exchange
     * @param state the routes, read once for this request
     */
    void handle(Exchange ex, RouteState state) {
        String method = ex.method();
        String path = ex.path();
        boolean options = HttpMethod.OPTIONS.is(method);
        String lookup = HttpMethod.HEAD.is(method) ? "GET" : method;
        Target target = null;
        Map<String, String> params = Map.of();
        FunctionRef ref = null;
        if (path.indexOf('@') >= 0) {
            ref = FunctionRef.parsePath(path).orElse(null);
            target = ref == null ? null : state.byRef(ref);
            if (target == null) {
                ref = null;
            } else if (options) {
                ex.sendAllow(204, target.allow());
                return;
            } else if (!target.policy().methods().contains(lookup)) {
                ex.sendAllow(405, target.allow());
                return;
            }
        }
        if (target == null) {
            RouteTable.Match<Target> m = state.table().match(options ? "OPTIONS" : lookup, path);
            switch (m.outcome()) {
                case FOUND -> {
                    target = m.target();
                    params = m.params();
                }
                case METHOD_NOT_ALLOWED -> {
                    ex.sendAllow(options ? 204 : 405, Target.allowHeader(m.allowedMethods()));
                    return;
                }
                case CONFLICT -> {
                    ex.sendError(409, "ambiguous function");
                    return;
                }
                default -> {
                    ex.sendError(404, "not found");
                    return;
                }
            }
        }
        ex.label(target.label());
        Request rq = ex.request();
        long declared = rq.getLength();
        long max = target.policy().maxBodyBytes();
        if (declared > max) {
            ex.sendTooLarge("payload too large");
            return;
        }
        FunctionRequest.Builder request = RequestParts.builder(ex, lookup, params);
        FunctionCall call = new FunctionCall(ex, target, request, ref, lookup, false);
        if (RequestParts.hasBody(rq)) {
            BodyReader.read(ex, max, body -> {
                request.body(body);
                call.start();
            });
        } else {
            call.start();
        }
    }
}
