package io.fnkernel.http.internal.gateway;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a request body without blocking a thread while bytes are in transit, counting as it goes:
 * a body that grows past the limit (a chunked body; a declared length is checked before) is
 * answered 413 at once, without reading the rest.
 */
public final class BodyReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);

    private final Request request;
    private final Exchange ex;
    private final long max;
    private final Consumer<byte[]> then;
    private byte[] buf;
    private int size;

    private BodyReader(Exchange ex, long max, Consumer<byte[]> then) {
        this.request = ex.request();
        this.ex = ex;
        this.max = max;
        this.then = then;
        long declared = request.getLength();
        this.buf = new byte[(int) Math.max(0, Math.min(declared >= 0 ? declared : 1024, max))];
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
                buf = Arrays.copyOf(buf, (int) Math.min(max, Math.max((long) buf.length * 2, (long) size + n)));
            }
            b.get(buf, size, n);
            size += n;
            chunk.release();
            if (last) {
                then.accept(size == buf.length ? buf : Arrays.copyOf(buf, size));
                return;
            }
        }
    }
}
