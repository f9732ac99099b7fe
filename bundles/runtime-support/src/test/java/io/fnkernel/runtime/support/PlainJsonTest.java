package io.fnkernel.runtime.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlainJsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> SEEDS = List.of(
            "{\"message\":\"Hello from V1, World\",\"mark\":1}",
            "[1,-2.5e+3,0.25,true,false,null,\"a\\\"b\\\\c\\u00e9\\n\",{\"x\":[[]]},{}]",
            " { \"a\" : { \"status\" : 200 , \"body\" : \"nested is fine\" } , \"b\" : [ 1 , 2 ] } ",
            "{\"items\":[{\"id\":1,\"tags\":[\"t1\",\"g1\"],\"score\":-0.0E-2}],\"total\":\"\\/\"}",
            "[]", "{}", "[\"\\ud83d\\ude00 \\t\"]", "{\"status\":200,\"body\":\"x\"}", "{\"headers\":{}}", "\"text\"", "42");

    /** What the rule needs: valid JSON, and at the top an array or an object without a key that can make an envelope. */
    private static boolean reference(String json) {
        JsonNode node;
        try {
            node = JACKSON.readTree(json);
        } catch (Exception e) {
            return false;
        }
        if (node == null || node.isMissingNode()) {
            return false;
        }
        if (node.isArray()) {
            return true;
        }
        if (!node.isObject()) {
            return false;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            if (List.of(ResponseRule.NOT_PLAIN_KEYS).contains(it.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean plain(String json) {
        return PlainJson.isPlainData(json, ResponseRule.NOT_PLAIN_KEYS);
    }

    @Test
    void agreesWithJacksonOnTheSeeds() {
        for (String s : SEEDS) {
            assertEquals(reference(s), plain(s), s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":", "[1,", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[01]", "[1.]", "[.5]", "[+1]", "[1e]",
        "[tru]", "[nul]", "[\"a]", "[\"\\x\"]", "[\"\\u12g4\"]", "[\"tab\there\"]", "{'a':1}", "{a:1}", "[1] [2]", "[1]x",
        "[NaN]", "[Infinity]", "", "   ", "{\"a\":1}}", "[[1]", "{\"a\":[}]", "[\"\\u12\"]"})
    void invalidJsonIsNeverPlain(String json) {
        assertFalse(plain(json), json);
        assertFalse(reference(json), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"ok\"}", "{\"statusCode\":200}", "{\"a\":1,\"body\":2}", "{\"headers\":null}",
        "{\"is_base64\":false}", "{\"body_base64\":\"\"}", "{\"isBase64Encoded\":true}", "{\"st\\u0061tus\":1}"})
    void topLevelKeysThatMayMakeAnEnvelopeTakeTheFullPath(String json) {
        assertFalse(plain(json), json);
    }

    @Test
    void nestingBeyondItsDepthIsLeftToJackson() {
        String deep = "[".repeat(PlainJson.MAX_DEPTH + 1) + "]".repeat(PlainJson.MAX_DEPTH + 1);
        String fine = "[".repeat(PlainJson.MAX_DEPTH) + "]".repeat(PlainJson.MAX_DEPTH);
        assertFalse(plain(deep));
        assertTrue(plain(fine));
        assertTrue(reference(deep));
    }

    @Test
    void longNumbersAreLeftToJackson() {
        assertFalse(plain("[" + "1".repeat(PlainJson.MAX_NUMBER + 1) + "]"));
        assertTrue(plain("[" + "1".repeat(PlainJson.MAX_NUMBER) + "]"));
    }

    /** Mutated seeds: whatever the scanner calls plain Jackson must read as valid plain data, and escape-free valid text agrees. */
    @Test
    void neverCallsPlainWhatJacksonRejects() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "{}[]\":,\\ -+.0123456789eEtrufalsn\tu\u0001x";
        int agreedValid = 0;
        for (int i = 0; i < 30_000; i++) {
            StringBuilder b = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
            for (int m = 1 + random.nextInt(3); m > 0 && !b.isEmpty(); m--) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String s = b.toString();
            boolean mine = plain(s);
            boolean theirs = reference(s);
            if (mine) {
                assertTrue(theirs, () -> "called plain, but Jackson says otherwise: " + s);
                agreedValid++;
            } else if (theirs && s.indexOf('\\') < 0) {
                throw new AssertionError("valid plain data without escapes was sent down the full path: " + s);
            }
        }
        assertTrue(agreedValid > 1000, "too few valid mutants to mean anything: " + agreedValid);
    }
}
