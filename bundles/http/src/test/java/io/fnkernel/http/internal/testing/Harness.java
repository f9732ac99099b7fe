package io.fnkernel.http.internal.testing;

import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionVersion;
import io.fnkernel.api.PlatformEndpoint;
import io.fnkernel.api.PlatformRuntime;
import io.fnkernel.http.internal.GatewayConfig;
import io.fnkernel.http.internal.GatewayServer;
import io.fnkernel.http.internal.routing.RouteRegistry;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A started gateway for tests: the real server on a free loopback port plus a Jetty
 * {@link LocalConnector} (a non-loopback client, as far as the admin guard can tell), and helpers
 * to register fake services the way the whiteboard trackers do.
 */
public final class Harness implements AutoCloseable {

    private static final AtomicLong SERVICE_IDS = new AtomicLong(100);

    private final GatewayServer gateway;
    private final LocalConnector local;
    private final AtomicReference<PlatformRuntime> platform = new AtomicReference<>();

    private Harness(GatewayConfig config) {
        gateway = new GatewayServer(config, platform::get);
        local = new LocalConnector(gateway.server(), new HttpConnectionFactory(gateway.httpConfiguration()));
        local.setIdleTimeout(config.idleTimeoutMs());
        local.addEventListener(gateway.slowClientGuard());
        gateway.server().addConnector(local);
        gateway.start();
    }

    /** @return a gateway on a free loopback port with default settings and no admin token */
    public static Harness start() {
        return start((String) null);
    }

    /**
     * @param adminToken the admin token, or null
     * @return a started gateway
     */
    public static Harness start(String adminToken) {
        return new Harness(GatewayConfig.from(k -> null).withPort(0).withAdminToken(adminToken));
    }

    /**
     * @param config the settings (the port should be 0)
     * @return a started gateway
     */
    public static Harness start(GatewayConfig config) {
        return new Harness(config);
    }

    /** @return the gateway */
    public GatewayServer gateway() {
        return gateway;
    }

    /** @return the registry the trackers would feed */
    public RouteRegistry registry() {
        return gateway.registry();
    }

    /** @return the local connector */
    public LocalConnector local() {
        return local;
    }

    /** @param value discovery's state, or null for none */
    public void platform(PlatformRuntime value) {
        platform.set(value);
    }

    /**
     * Registers a fake version with default policy.
     *
     * @param name function name
     * @param version version label
     * @param routes its routes
     * @return the fake
     */
    public FakeVersion register(String name, String version, String... routes) {
        return register(new FakeVersion(name, version, FunctionPolicy.defaults(), routes));
    }

    /**
     * Registers a version as a new service.
     *
     * @param v the version
     * @return it
     */
    public FakeVersion register(FakeVersion v) {
        registry().putVersion(v, props(v));
        return v;
    }

    /**
     * Registers a version and returns its service properties, to unregister it later.
     *
     * @param v the version
     * @return its properties
     */
    public Map<String, Object> props(FakeVersion v) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.id", SERVICE_IDS.incrementAndGet());
        p.put(FunctionVersion.PROP_NAME, v.source().name());
        p.put(FunctionVersion.PROP_VERSION, v.source().version());
        p.put(FunctionVersion.PROP_RUNTIME, v.source().runtime());
        p.put(FunctionVersion.PROP_REVISION, v.source().revision());
        p.put(FunctionVersion.PROP_ROUTES, v.routes());
        p.put(FunctionVersion.PROP_ENTRY, v.source().entry().toString());
        return p;
    }

    /**
     * Registers a platform endpoint.
     *
     * @param endpoint the endpoint
     * @param access {@code public} or {@code admin}
     * @param paths its paths
     */
    public void endpoint(PlatformEndpoint endpoint, String access, String... paths) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.id", SERVICE_IDS.incrementAndGet());
        p.put(PlatformEndpoint.PROP_PATH, paths);
        if (access != null) {
            p.put(PlatformEndpoint.PROP_ACCESS, access);
        }
        registry().putEndpoint(endpoint, p);
    }

    /**
     * Sends a raw request through the local connector.
     *
     * @param raw the request bytes as text
     * @return the parsed response
     */
    public HttpTester.Response raw(String raw) {
        try {
            return HttpTester.parseResponse(local.getResponse(raw, 10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param method the method
     * @param target path and query
     * @param headers extra header lines, each {@code Name: value}
     * @return the parsed response
     */
    public HttpTester.Response send(String method, String target, String... headers) {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: test\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return raw(b.append("Connection: close\r\n\r\n").toString());
    }

    /**
     * @param target path and query
     * @param headers extra header lines
     * @return the parsed response
     */
    public HttpTester.Response get(String target, String... headers) {
        return send("GET", target, headers);
    }

    /**
     * Sends a request with a body.
     *
     * @param method the method
     * @param target path
     * @param body the body
     * @param headers extra header lines
     * @return the parsed response
     */
    public HttpTester.Response send(String method, String target, byte[] body, String... headers) {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: test\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        b.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        try {
            java.nio.ByteBuffer out = local.getResponse(java.nio.ByteBuffer.wrap(all), 10, TimeUnit.SECONDS);
            return HttpTester.parseResponse(out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a request over a real loopback socket.
     *
     * @param raw the request text
     * @return the parsed response
     */
    public HttpTester.Response loopback(String raw) {
        try (Socket s = new Socket("127.0.0.1", gateway.uri().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return HttpTester.parseResponse(java.nio.ByteBuffer.wrap(in.readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gateway.stop();
    }
}
