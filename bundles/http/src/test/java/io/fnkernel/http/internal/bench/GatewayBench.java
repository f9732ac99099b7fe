package io.fnkernel.http.internal.bench;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.http.internal.GatewayConfig;
import io.fnkernel.http.internal.GatewayServer;
import io.fnkernel.http.internal.testing.FakeVersion;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code GET /hello} for load tests: {@code gateway PORT} runs the full gateway with an
 * in-memory function version answering a constant; {@code bare PORT} a bare non-blocking Jetty
 * handler answering the same bytes, {@code bare-blocking PORT} the same handler declared blocking
 * (as the gateway must be). Run wrk against each and compare; not a unit test. Example:
 * {@code java -cp <test classpath> io.fnkernel.http.internal.bench.GatewayBench gateway 18080} then
 * {@code wrk -t2 -c64 -d5s --latency http://127.0.0.1:18080/hello}.
 */
public final class GatewayBench {

    private static final byte[] BODY = "{\"message\":\"hi bench\"}".getBytes(StandardCharsets.UTF_8);

    private GatewayBench() {
    }

    private static boolean answer(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
        response.write(true, ByteBuffer.wrap(BODY), callback);
        return true;
    }

    /**
     * @param args {@code bare|bare-blocking|gateway PORT}
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        if (mode.startsWith("bare")) {
            Server server = new Server();
            ServerConnector c = new ServerConnector(server);
            c.setHost("127.0.0.1");
            c.setPort(port);
            server.addConnector(c);
            Handler.Abstract handler = mode.equals("bare-blocking") ? new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    return answer(response, callback);
                }
            } : new Handler.Abstract.NonBlocking() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    return answer(response, callback);
                }
            };
            server.setHandler(handler);
            server.start();
            System.out.println(mode + " jetty on " + port);
            server.join();
            return;
        }
        GatewayServer gateway = new GatewayServer(GatewayConfig.from(k -> null).withPort(port), () -> null);
        FakeVersion hello = new FakeVersion("hello", "default", FunctionPolicy.defaults(), "GET /hello");
        hello.answer(FunctionResponse.of(200, Map.of("Content-Type", List.of("application/json")), BODY));
        hello.recordRequests(false);
        Map<String, Object> props = new HashMap<>();
        props.put("service.id", 1L);
        props.put("fn.name", "hello");
        props.put("fn.version", "default");
        props.put("fn.routes", new String[] {"GET /hello"});
        gateway.registry().putVersion(hello, props);
        gateway.start();
        System.out.println("gateway on " + gateway.uri());
        gateway.server().join();
    }
}
