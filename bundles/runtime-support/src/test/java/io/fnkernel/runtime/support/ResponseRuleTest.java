package io.fnkernel.runtime.support;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseRuleTest {

    @Test
    void plainObjectIsJsonDataKeptByteForByte() {
        FunctionResponse r = ResponseRule.fromJson("{\"message\":\"Hello from V1, World\"}");
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"message\":\"Hello from V1, World\"}", r.bodyText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"success\",\"data\":{}}", "{\"status\":700,\"body\":\"x\"}",
            "{\"statusCode\":2.5,\"body\":\"x\"}", "{\"status\":null,\"headers\":{}}"})
    void statusThatIsNotAnHttpCodeMakesItData(String json) {
        FunctionResponse r = ResponseRule.fromJson(json);
        assertEquals(200, r.status());
        assertEquals(json, r.bodyText());
    }

    @Test
    void envelopeWithStatusHeadersAndRepeatedCookies() {
        FunctionResponse r = ResponseRule.fromJson(
                "{\"statusCode\":201,\"headers\":{\"Set-Cookie\":[\"a=1\",\"b=2\"],\"X-N\":5,\"X-Null\":null},\"body\":\"made\"}");
        assertEquals(201, r.status());
        assertEquals(List.of("a=1", "b=2"), r.headers().get("Set-Cookie"));
        assertEquals("5", r.header("x-n"));
        assertNull(r.header("x-null"));
        assertEquals("made", r.bodyText());
        assertTrue(r.header("content-type").startsWith("text/plain"));
    }

    @Test
    void envelopeWithoutStatusIsRecognisedByItsKeys() {
        FunctionResponse r = ResponseRule.fromJson("{\"body\":{\"a\":1}}");
        assertEquals(200, r.status());
        assertEquals("{\"a\":1}", r.bodyText());
        assertEquals("application/json", r.header("content-type"));
    }

    @Test
    void base64BodiesDecode() {
        FunctionResponse r = ResponseRule.fromJson("{\"is_base64\":true,\"body_base64\":\"AAEC/w==\"}");
        assertArrayEquals(new byte[]{0, 1, 2, (byte) 255}, r.body());
        assertEquals("application/octet-stream", r.header("content-type"));
        FunctionResponse lambda = ResponseRule.fromJson("{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"aGk=\",\"headers\":{\"Content-Type\":\"text/x\"}}");
        assertEquals("hi", lambda.bodyText());
        assertEquals("text/x", lambda.header("content-type"));
    }

    @Test
    void brokenEnvelopesNameTheField() {
        assertTrue(bad("{\"is_base64\":true,\"body_base64\":\"***\"}").contains("body_base64"));
        assertTrue(bad("{\"status\":200,\"headers\":[1]}").contains("headers"));
        assertTrue(bad("{\"status\":200,\"headers\":{\"X\":{\"a\":1}}}").contains("header X"));
    }

    private static String bad(String json) {
        FunctionException e = assertThrows(FunctionException.class, () -> ResponseRule.fromJson(json));
        assertEquals(FunctionException.Kind.BAD_RESPONSE, e.kind());
        return e.getMessage();
    }

    @Test
    void shorthandScalars() {
        assertEquals("text/html; charset=utf-8", ResponseRule.fromJson("\"<html><body>x</body></html>\"").header("content-type"));
        assertEquals("hello", ResponseRule.fromJson("\"hello\"").bodyText());
        assertEquals("42", ResponseRule.fromJson("42").bodyText());
        assertEquals("true", ResponseRule.fromJson("true").bodyText());
        assertEquals(0, ResponseRule.fromJson("null").body().length);
        assertEquals(0, ResponseRule.fromJson(null).body().length);
        assertNull(ResponseRule.fromJson("\"\"").header("content-type"));
        assertEquals("[1,2]", ResponseRule.fromJson("[1,2]").bodyText());
    }

    @Test
    void envelopeKeysBelowTheTopLevelAreData() {
        String json = "{\"data\":{\"status\":201,\"body\":\"x\"},\"list\":[{\"headers\":{}}]}";
        FunctionResponse r = ResponseRule.fromJson(json);
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals(json, r.bodyText());
    }

    @Test
    void malformedJsonIsABadResponse() {
        assertTrue(bad("{\"a\":").contains("not valid JSON"));
        assertTrue(bad("[1,").contains("not valid JSON"));
    }
}
