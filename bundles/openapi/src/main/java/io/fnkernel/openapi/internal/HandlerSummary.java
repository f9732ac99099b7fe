package io.fnkernel.openapi.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the one-line summary a handler file gives itself: an {@code @summary} tag in a comment near
 * the top, else the first line of its leading comment (or Python docstring).
 */
final class HandlerSummary {

    /** How many lines from the top are searched for an {@code @summary} tag. */
    static final int SCAN_LINES = 80;
    /** Longest summary kept; longer text is cut at a word boundary. */
    static final int MAX_LENGTH = 120;

    private static final Pattern TAG = Pattern.compile("(?://|#|/?\\*+|\"\"\"|''')\\s*@summary\\s+(.+)");

    private HandlerSummary() {
    }

    /**
     * Reads a handler file's summary.
     *
     * @param entry the handler file
     * @return the summary, or null when the file has none or cannot be read as UTF-8 text
     */
    static String read(Path entry) {
        List<String> lines = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(entry), decoder))) {
            String line;
            while (lines.size() < SCAN_LINES && (line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
        return fromLines(lines);
    }

    /**
     * Picks the summary from the first lines of a handler.
     *
     * @param lines the file's first lines
     * @return the summary, or null
     */
    static String fromLines(List<String> lines) {
        for (String line : lines) {
            Matcher m = TAG.matcher(line.trim());
            if (m.lookingAt()) {
                return clean(m.group(1));
            }
        }
        boolean inBlock = false;
        String docQuote = null;
        for (String raw : lines) {
            String line = raw.trim();
            if (docQuote != null) {
                String text = line.replace(docQuote, "").trim();
                if (!text.isEmpty()) {
                    return clean(text);
                }
                if (line.contains(docQuote)) {
                    docQuote = null;
                }
                continue;
            }
            if (inBlock) {
                String text = stripBlock(line);
                if (!text.isEmpty()) {
                    return clean(text);
                }
                inBlock = !line.contains("*/");
                continue;
            }
            if (line.isEmpty() || line.startsWith("#!") || isPragma(line)) {
                continue;
            }
            if (line.startsWith("//") || line.startsWith("#")) {
                String text = line.replaceFirst("^(//+|#+)", "").trim();
                if (!text.isEmpty()) {
                    return clean(text);
                }
                continue;
            }
            if (line.startsWith("/*")) {
                String text = stripBlock(line);
                if (!text.isEmpty()) {
                    return clean(text);
                }
                inBlock = !line.contains("*/");
                continue;
            }
            if (line.startsWith("\"\"\"") || line.startsWith("'''")) {
                String quote = line.substring(0, 3);
                String text = line.substring(3).replace(quote, "").trim();
                if (!text.isEmpty()) {
                    return clean(text);
                }
                docQuote = quote;
                continue;
            }
            return null;
        }
        return null;
    }

    private static boolean isPragma(String line) {
        return line.startsWith("'use strict'") || line.startsWith("\"use strict\"")
                || line.matches("#.*-\\*-.*coding[:=].*") || line.startsWith("# type:");
    }

    private static String stripBlock(String line) {
        return line.replaceFirst("^/\\*+", "").replaceFirst("\\*+/$", "").replaceFirst("^\\*+", "").trim();
    }

    private static String clean(String text) {
        String t = text.replaceAll("\\*+/$", "").replaceAll("(\"\"\"|''')$", "").replaceAll("\\s+", " ").trim();
        if (t.length() <= MAX_LENGTH) {
            return t.isEmpty() ? null : t;
        }
        int cut = t.lastIndexOf(' ', MAX_LENGTH - 1);
        return t.substring(0, cut > MAX_LENGTH / 2 ? cut : MAX_LENGTH - 1) + "…";
    }
}
