package io.fnkernel.openapi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One built document, serialised once to JSON and YAML. The only part that depends on the request,
 * {@code servers[0].url}, is spliced into the bytes at a marked place; the results for the first
 * few origins are kept, so serving a known origin costs a map lookup and any other one array copy.
 */
final class SpecDocument {

    /** Stands for the server URL while serialising; a reserved name (RFC 2606) that no real URL uses. */
    static final String MARK = "https://server-url.fnkernel.invalid";
    /** How many origins' bytes each format keeps; further origins are spliced per request. */
    static final int CACHED_ORIGINS = 8;

    private final OpenAPI model;
    private final String fixedServer;
    private final Parts json;
    private final Parts yaml;

    /** The bytes before and after the server URL's text, and the spliced documents of recent origins. */
    private record Parts(byte[] head, byte[] tail, Map<String, byte[]> byOrigin) {

        Parts(byte[] head, byte[] tail) {
            this(head, tail, new ConcurrentHashMap<>());
        }

        byte[] forOrigin(String url, Function<String, byte[]> text) {
            byte[] done = byOrigin.get(url);
            if (done == null) {
                done = with(text.apply(url));
                if (byOrigin.size() < CACHED_ORIGINS) {
                    byOrigin.putIfAbsent(url, done);
                }
            }
            return done;
        }

        static Parts split(String doc, String mark) {
            int at = doc.indexOf(mark);
            if (at < 0) {
                throw new IllegalStateException("the serialised document lost its server mark");
            }
            return new Parts(doc.substring(0, at).getBytes(StandardCharsets.UTF_8),
                    doc.substring(at + mark.length()).getBytes(StandardCharsets.UTF_8));
        }

        byte[] with(byte[] middle) {
            byte[] out = new byte[head.length + middle.length + tail.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(middle, 0, out, head.length, middle.length);
            System.arraycopy(tail, 0, out, head.length + middle.length, tail.length);
            return out;
        }
    }

    private SpecDocument(OpenAPI model, String fixedServer, Parts json, Parts yaml) {
        this.model = model;
        this.fixedServer = fixedServer;
        this.json = json;
        this.yaml = yaml;
    }

    /**
     * Serialises a model. The model is not modified afterwards and must not be by anyone.
     *
     * @param model the model without servers
     * @param fixedServer the configured public base URL, or null to take the server from each request
     * @return the document
     */
    static SpecDocument of(OpenAPI model, String fixedServer) {
        model.servers(List.of(new Server().url(MARK)));
        try {
            String j = Json31.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(model);
            String y = Yaml31.mapper().writeValueAsString(model);
            Parts jp = Parts.split(j, MARK);
            Parts yp = Parts.split(y, MARK);
            model.servers(List.of(new Server().url(fixedServer == null ? "/" : fixedServer)));
            if (fixedServer != null) {
                jp = new Parts(jp.with(jsonText(fixedServer)), new byte[0]);
                yp = new Parts(yp.with(yamlText(fixedServer)), new byte[0]);
            }
            return new SpecDocument(model, fixedServer, jp, yp);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the OpenAPI document: " + e.getOriginalMessage(), e);
        }
    }

    /** @return the model, for tests; its server is the fixed one or {@code /} */
    OpenAPI model() {
        return model;
    }

    /** @return true when {@code servers[0].url} is configured rather than taken from the request */
    boolean hasFixedServer() {
        return fixedServer != null;
    }

    /**
     * @param serverUrl the server URL for this request, from {@link ServerUrl}; ignored when fixed
     * @return the JSON document
     */
    byte[] json(String serverUrl) {
        return fixedServer != null ? json.head : json.forOrigin(serverUrl, SpecDocument::jsonText);
    }

    /**
     * @param serverUrl the server URL for this request, from {@link ServerUrl}; ignored when fixed
     * @return the YAML document
     */
    byte[] yaml(String serverUrl) {
        return fixedServer != null ? yaml.head : yaml.forOrigin(serverUrl, SpecDocument::yamlText);
    }

    /** JSON string content (the quotes are already in the document). */
    private static byte[] jsonText(String url) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(url);
    }

    /**
     * YAML text replacing the plain scalar the mark was written as: the URL itself when it is a
     * safe plain scalar, else a double-quoted scalar whose escapes JSON and YAML share.
     */
    private static byte[] yamlText(String url) {
        if (url.matches("[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9._~\\[\\]:%/-]*|/")) {
            return url.getBytes(StandardCharsets.UTF_8);
        }
        byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(url);
        byte[] out = new byte[inner.length + 2];
        out[0] = '"';
        System.arraycopy(inner, 0, out, 1, inner.length);
        out[out.length - 1] = '"';
        return out;
    }
}
