package io.fnkernel.http.internal.gateway;

import io.fnkernel.api.FunctionResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a function's response: refuses invalid headers with 502, copies the rest (several
 * {@code Set-Cookie} included), gzips text-like bodies over 1 KiB for clients that accept it, and
 * sends status, headers and body in one write.
 */
public final class ResponseWriter {

    /** Bodies at least this large are compressed. */
    public static final int GZIP_MIN_BYTES = 1024;

    /** Delivers the function's response as the HTTP answer. */
    public static final Exchange.Delivery DIRECT = ResponseWriter::write;

    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);
    private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");
    private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
    /** The content types the runtimes set by default, encoded once: the rest are parsed per response. */
    private static final List<HttpField> COMMON_TYPES = List.of(Exchange.JSON_TYPE,
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8"),
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8"));

    private ResponseWriter() {
    }

    /**
     * @param ex the exchange, already claimed
     * @param r the function's response
     */
    static void write(Exchange ex, FunctionResponse r) {
        String problem = HeaderCheck.problem(r);
        if (problem != null) {
            LOG.warn("{} refused the response of {} for {}: {}", ex.id(), ex.label(), ex.path(), problem);
            ex.writeError(502, "invalid function response: " + problem);
            return;
        }
        HttpFields.Mutable h = ex.response().getHeaders();
        HttpField[] added = ex.functionHeaders();
        String contentType = null;
        boolean encoded = false;
        for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
            String name = e.getKey();
            if (name.equalsIgnoreCase("Content-Length") || isPlatformOwn(name, added)) {
                continue;
            }
            if (name.equalsIgnoreCase("Content-Type")) {
                contentType = e.getValue().isEmpty() ? null : e.getValue().get(0);
                HttpField common = e.getValue().size() == 1 ? commonType(contentType) : null;
                if (common != null) {
                    h.add(common);
                    continue;
                }
            } else if (name.equalsIgnoreCase("Content-Encoding")) {
                encoded = true;
            }
            for (String v : e.getValue()) {
                h.add(name, v);
            }
        }
        if (added != null) {
            for (HttpField f : added) {
                h.add(f);
            }
        }
        byte[] body = r.body();
        if (body.length >= GZIP_MIN_BYTES && !encoded && isTextLike(contentType)) {
            h.add(VARY);
            if (RequestParts.acceptsGzip(ex.request().getHeaders().get(HttpHeader.ACCEPT_ENCODING))) {
                byte[] zipped = gzip(body);
                if (zipped.length < body.length) {
                    h.put(GZIP);
                    body = zipped;
                }
            }
        }
        ex.write(r.status(), ByteBuffer.wrap(body));
    }

    /**
     * The headers the platform sets itself replace a function's of the same name: those are left
     * out of the copy, so the platform's can be added without scanning the headers again.
     */
    private static boolean isPlatformOwn(String name, HttpField[] added) {
        if (name.equalsIgnoreCase(Exchange.REQUEST_ID)) {
            return true;
        }
        if (added != null) {
            for (HttpField f : added) {
                if (f.is(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static HttpField commonType(String value) {
        for (HttpField f : COMMON_TYPES) {
            if (f.getValue().equals(value)) {
                return f;
            }
        }
        return null;
    }

    static boolean isTextLike(String contentType) {
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("text/") || ct.contains("json") || ct.contains("javascript") || ct.contains("xml");
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
