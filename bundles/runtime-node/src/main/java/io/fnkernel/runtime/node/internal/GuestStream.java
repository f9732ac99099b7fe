package io.fnkernel.runtime.node.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The engine's own standard output or error for one context (GraalJS warnings such as unhandled
 * promise rejections): complete lines go to the current call's output; a runaway line is cut.
 */
final class GuestStream extends OutputStream {

    private static final int MAX_LINE = 8192;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    GuestStream(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            flush();
        } else if (line.size() < MAX_LINE) {
            line.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public void flush() {
        if (line.size() > 0) {
            lines.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
