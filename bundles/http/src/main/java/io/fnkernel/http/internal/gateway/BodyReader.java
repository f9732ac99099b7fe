package io.fnkernel.http.internal.gateway;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a request body without blocking a thread while bytes are in transit, growing its buffer
 * as bytes arrive (never past the declared length) and answering 413 at once, without reading the
 * rest, when the body outgrows the limit.
 */
public final class BodyReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);
    // The first buffer; a declared length is a promise, not bytes, so it is not allocated up front.
    private static final int FIRST = 16 * 1024;
    // The largest byte[] the JVM reliably allocates: bigger bodies cannot be passed on.
    static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;

    private final Request request;
    private final Exchange ex;
    private final long max;
    private final long expected;
    private final Consumer<byte[]> then;
    private byte[] buf;
    private int size;

    private BodyReader(Exchange ex, long max, Consumer<byte[]> then) {
        this.request = ex.request();
        this.ex = ex;
        this.max = Math.min(max, ARRAY_LIMIT);
        this.then = then;
        long declared = request.getLength();
        this.expected = declared >= 0 ? Math.min(declared, this.max) : this.max;
        this.buf = new byte[(int) Math.min(expected, FIRST)];
    }

    /**
     * Reads the body, then calls {@code then} with it on a thread that may block; answers 413 or
     * 400 itself when the body is too large or cannot be read.
     *
     * @param ex the exchange
     * @param max the largest body accepted
     * @param then what to do with the body
     */
    public static void read(Exchange ex, long max, Consumer<byte[]> then) {
        if (ex.request().getLength() > Math.min(max, ARRAY_LIMIT)) {
            ex.sendTooLarge("payload too large");
            return;
        }
        new BodyReader(ex, max, then).run();
    }

    @Override
    public void run() {
        try {
            readAvailable();
        } catch (RuntimeException | Error e) {
            LOG.error("{} failed after reading the request body of {}", ex.id(), ex.path(), e);
            ex.sendError(500, "internal error");
        }
    }

    private void readAvailable() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                ex.sendError(400, "failed to read request body");
                return;
            }
            ByteBuffer b = chunk.getByteBuffer();
            int n = b.remaining();
            boolean last = chunk.isLast();
            if ((long) size + n > max) {
                chunk.release();
                ex.sendTooLarge("payload too large");
                return;
            }
            if (size + n > buf.length) {
                long need = (long) size + n; // <= max <= ARRAY_LIMIT, checked above
                buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(expected, (long) buf.length * 2)));
            }
            b.get(buf, size, n);
            size += n;
            chunk.release();
            if (last) {
                ex.bodyRead();
                then.accept(size == buf.length ? buf : Arrays.copyOf(buf, size));
                return;
            }
        }
    }
}
