package io.fnkernel.discovery.internal.scan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON object read from a file, with the line and column of every value by JSON pointer, so an
 * error can name the file, the place and the field.
 */
final class JsonDocument {

    /** Config files larger than this are refused. */
    static final int MAX_BYTES = 1024 * 1024;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path file;
    private final ObjectNode root;
    private final Map<String, int[]> locations;

    private JsonDocument(Path file, ObjectNode root, Map<String, int[]> locations) {
        this.file = file;
        this.root = root;
        this.locations = locations;
    }

    /**
     * Reads a file holding one JSON object; an empty file counts as {@code {}}.
     *
     * @param file the file
     * @return the document
     * @throws ConfigException naming the line and column of a syntax error, or why the file cannot be read
     */
    static JsonDocument read(Path file) throws ConfigException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file, 0, 0, "file is larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file, 0, 0, "cannot read: " + e);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new ConfigException(file, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                    "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file, 0, 0, "cannot read: " + e);
        }
        if (tree == null || tree.isMissingNode()) {
            return new JsonDocument(file, JsonNodeFactory.instance.objectNode(), Map.of());
        }
        Map<String, int[]> locations = locate(bytes);
        if (!tree.isObject()) {
            int[] at = locations.getOrDefault("", new int[2]);
            throw new ConfigException(file, at[0], at[1], "the file must hold a JSON object, not " + tree.getNodeType());
        }
        return new JsonDocument(file, (ObjectNode) tree, locations);
    }

    /** Records where each value starts, by JSON pointer. The bytes already parsed once, so this cannot fail. */
    private static Map<String, int[]> locate(byte[] bytes) {
        Map<String, int[]> out = new HashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = MAPPER.createParser(bytes)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    stack.peek().name = p.currentName();
                    continue;
                }
                if (t.isStructEnd()) {
                    stack.pop();
                    continue;
                }
                Frame parent = stack.peek();
                if (parent != null && parent.array) {
                    parent.index++;
                }
                JsonLocation loc = p.currentTokenLocation();
                out.putIfAbsent(pointer(stack), new int[] {loc.getLineNr(), loc.getColumnNr()});
                if (t.isStructStart()) {
                    stack.push(new Frame(t == JsonToken.START_ARRAY));
                }
            }
        } catch (IOException e) {
            // already validated by readTree; locations are a convenience
        }
        return out;
    }

    private static String pointer(Deque<Frame> stack) {
        StringBuilder b = new StringBuilder();
        Iterator<Frame> it = stack.descendingIterator();
        while (it.hasNext()) {
            Frame f = it.next();
            b.append('/').append(f.array ? Integer.toString(f.index) : escape(f.name));
        }
        return b.toString();
    }

    static String escape(String name) {
        return name == null ? "" : name.replace("~", "~0").replace("/", "~1");
    }

    /** One open object or array while locating values. */
    private static final class Frame {
        final boolean array;
        int index = -1;
        String name;

        Frame(boolean array) {
            this.array = array;
        }
    }

    /** @return the file */
    Path file() {
        return file;
    }

    /** @return the top-level object */
    ObjectNode root() {
        return root;
    }

    /**
     * Makes an error about one value.
     *
     * @param pointer the value's JSON pointer, {@code /invoke/methods/0}
     * @param message what is wrong with it
     * @return the error, naming the file, line, column and pointer
     */
    ConfigException error(String pointer, String message) {
        int[] at = locations.getOrDefault(pointer, new int[2]);
        return new ConfigException(file, at[0], at[1], pointer + ": " + message);
    }

    /**
     * Makes a warning about one value.
     *
     * @param pointer the value's JSON pointer
     * @param message what is odd about it
     * @return the warning
     */
    Problem warning(String pointer, String message) {
        int[] at = locations.getOrDefault(pointer, new int[2]);
        return new Problem(false, io.fnkernel.api.dto.FailureDTO.KIND_CONFIG, null, null, file, at[0], at[1],
                pointer + ": " + message);
    }
}
