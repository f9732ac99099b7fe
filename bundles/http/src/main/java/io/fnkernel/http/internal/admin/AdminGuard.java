package io.fnkernel.http.internal.admin;

import io.fnkernel.http.internal.gateway.Exchange;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Decides who may use the admin API: loopback clients (with no {@code X-Forwarded-For}, so a
 * local proxy does not make remote callers local), or anyone sending the configured
 * {@code X-Fn-Admin-Token} (compared in constant time). Writes also need {@code X-Fn-Request: 1}
 * or the token, against cross-site requests.
 */
public final class AdminGuard {

    /** Header carrying the admin token. */
    public static final String TOKEN_HEADER = "X-Fn-Admin-Token";
    /** Header a same-origin admin client sends on writes. */
    public static final String CSRF_HEADER = "X-Fn-Request";

    private final byte[] tokenDigest;

    /** @param token the admin token, or null when none is configured */
    public AdminGuard(String token) {
        this.tokenDigest = token == null ? null : digest(token);
    }

    /**
     * @param ex the exchange
     * @return null when the caller is admitted, else the reason for a 403
     */
    public String deny(Exchange ex) {
        Request rq = ex.request();
        boolean token = hasToken(rq.getHeaders().get(TOKEN_HEADER));
        if (!token && !isLocal(rq)) {
            return "console api local-only";
        }
        if (!token && isWrite(ex.method()) && !"1".equals(rq.getHeaders().get(CSRF_HEADER))) {
            return "missing CSRF header";
        }
        return null;
    }

    private boolean hasToken(String sent) {
        return tokenDigest != null && sent != null && MessageDigest.isEqual(tokenDigest, digest(sent));
    }

    private static boolean isLocal(Request rq) {
        if (rq.getHeaders().contains(HttpHeader.X_FORWARDED_FOR) || rq.getHeaders().contains(HttpHeader.FORWARDED)) {
            return false;
        }
        SocketAddress remote = rq.getConnectionMetaData().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress isa && isa.getAddress() != null && isa.getAddress().isLoopbackAddress();
    }

    private static boolean isWrite(String method) {
        return !(HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method) || HttpMethod.OPTIONS.is(method));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
