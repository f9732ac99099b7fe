package io.fnkernel.bench;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark baseline: a bare Jetty 12.1 core Handler answering a fixed JSON hello, the cost
 * floor that fnkernel's full stack (routing, event, policy, runtime) is measured against.
 */
public final class BaselineServer {

    private static final byte[] BODY = "{\"message\":\"Hello from V1, bench\"}".getBytes(StandardCharsets.UTF_8);

    private BaselineServer() {
    }

    /**
     * Serves until killed.
     *
     * @param args the port (default 8090), then optionally the selector count (default Jetty's:
     *        one per two cores, at most a sixteenth of the pool; fnk runs one per core)
     * @throws Exception when Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        Server server = new Server();
        int selectors = args.length > 1 ? Integer.parseInt(args[1]) : -1;
        ServerConnector connector = new ServerConnector(server, -1, selectors);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
                response.write(true, ByteBuffer.wrap(BODY), callback);
                return true;
            }
        });
        server.start();
        System.out.println("baseline listening on 127.0.0.1:" + connector.getLocalPort());
        server.join();
    }
}
