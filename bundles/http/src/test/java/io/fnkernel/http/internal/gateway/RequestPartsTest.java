package io.fnkernel.http.internal.gateway;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestPartsTest {

    @Test
    void queryEdgeCases() {
        assertEquals(Map.of(), RequestParts.query(null));
        assertEquals(Map.of(), RequestParts.query(""));
        assertEquals(Map.of(), RequestParts.query("&&"));
        assertEquals(Map.of(), RequestParts.query("=x"));
        assertEquals(Map.of("a", List.of("b=c")), RequestParts.query("a=b=c"));
        assertEquals(Map.of("a b", List.of("")), RequestParts.query("a+b="));
        assertEquals(Map.of("k", Arrays.asList(null, "v")), RequestParts.query("k&k=v"));
        assertEquals(Map.of("flag", Arrays.asList((String) null)), RequestParts.query("flag"));
        assertEquals(Map.of("a", List.of("1")), RequestParts.query("&=x&a=1"));
        assertEquals(Map.of("€", List.of("a b")), RequestParts.query("%E2%82%AC=a%20b"));
        assertEquals(Map.of("%zz", List.of("%")), RequestParts.query("%zz=%"));
        assertEquals(List.of("b", "a"), List.copyOf(RequestParts.query("b=1&a=2").keySet()));
    }

    @Test
    void headersComeInNameOrderWhateverTheClientsOrder() {
        HttpFields.Mutable one = HttpFields.build().add("Host", "h").add("X-B", "1").add("Content-Type", "t").add("x-b", "2");
        HttpFields.Mutable other = HttpFields.build().add("x-b", "1").add("Content-Type", "t").add("X-B", "2").add("Host", "h");
        List<String> names = List.of("content-type", "host", "x-b");
        assertEquals(names, List.copyOf(RequestParts.headers(one).keySet()));
        assertEquals(names, List.copyOf(RequestParts.headers(other).keySet()));
        assertEquals(List.of("1", "2"), RequestParts.headers(one).get("x-b"));
    }

    @Test
    void gzipAcceptance() {
        assertTrue(RequestParts.acceptsGzip("gzip"));
        assertTrue(RequestParts.acceptsGzip("deflate, GZIP;q=0.5"));
        assertTrue(RequestParts.acceptsGzip("*"));
        assertFalse(RequestParts.acceptsGzip(null));
        assertFalse(RequestParts.acceptsGzip("br"));
        assertFalse(RequestParts.acceptsGzip("gzip;q=0"));
        assertFalse(RequestParts.acceptsGzip("gzip; q=0.0"));
        assertFalse(RequestParts.acceptsGzip("x-gzip2"));
    }

    @Test
    void requestIds() {
        assertTrue(RequestIds.isSane("a.b:c_d-e"));
        assertFalse(RequestIds.isSane(""));
        assertFalse(RequestIds.isSane("a b"));
        assertFalse(RequestIds.isSane("a\nb"));
        assertTrue(RequestIds.next().matches("req-\\d+-\\d+"));
    }
}
