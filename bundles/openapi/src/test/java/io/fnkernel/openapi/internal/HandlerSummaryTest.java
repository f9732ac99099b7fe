package io.fnkernel.openapi.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandlerSummaryTest {

    private static String of(String text) {
        return HandlerSummary.fromLines(List.of(text.split("\n", -1)));
    }

    @Test
    void summaryTagWinsAnywhereInTheFirstLines() {
        assertEquals("Lists users", of("const x = 1;\n// @summary Lists users\nexports.handler = () => x;"));
        assertEquals("Lists users", of("import os\n\n# @summary   Lists users  \ndef handler(e): pass"));
        assertEquals("Block tag", of("/**\n * @summary Block tag\n */"));
    }

    @Test
    void elseTheFirstLineOfTheLeadingComment() {
        assertEquals("GET /hello?name=World -> {\"message\":\"Hello\"}",
                of("// GET /hello?name=World  ->  {\"message\":\"Hello\"}\nexports.handler = 1;"));
        assertEquals("Python hello", of("#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# Python hello\n# more\n"));
        assertEquals("Block comment", of("'use strict';\n/*\n * Block comment\n * second\n */\n"));
        assertEquals("One line block", of("/** One line block */\n"));
        assertEquals("Docstring first line", of("\"\"\"\nDocstring first line\nmore\n\"\"\"\ndef handler(e): pass"));
        assertEquals("Inline docstring", of("'''Inline docstring'''\n"));
    }

    @Test
    void noneWhenCodeComesFirstOrTheCommentIsEmpty() {
        assertNull(of("exports.handler = () => 1;\n// too late"));
        assertNull(of("//\n#\n"));
        assertNull(of(""));
    }

    @Test
    void longSummariesAreCut() {
        String s = of("// " + "word ".repeat(60));
        assertTrue(s.length() <= HandlerSummary.MAX_LENGTH && s.endsWith("…"), s);
    }

    @Test
    void unreadableFilesHaveNoSummary(@TempDir Path dir) throws Exception {
        assertNull(HandlerSummary.read(dir.resolve("missing.js")));
        Path binary = dir.resolve("bin.js");
        Files.write(binary, new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
        assertNull(HandlerSummary.read(binary));
        Path ok = dir.resolve("ok.py");
        Files.writeString(ok, "# Hi from a file\n");
        assertEquals("Hi from a file", HandlerSummary.read(ok));
    }
}
