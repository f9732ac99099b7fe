package io.fnkernel.runtime.python.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The worker protocol's framing: a 4-byte big-endian unsigned length, then that many bytes (UTF-8
 * JSON; a call's frame starts with its 8-byte deadline). The same on both pipes; the Python side is
 * {@code fnk_worker.py}.
 */
final class Frames {

    /** A frame longer than allowed; its bytes were skipped, so the stream is still in step. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long length, int max) {
            super("a frame of " + length + " bytes exceeds the limit of " + max + " bytes (" + PythonConfig.MAX_FRAME_BYTES + ")");
        }
    }

    private Frames() {
    }

    /**
     * Writes one frame and flushes it.
     *
     * @param out the worker's stdin
     * @param payload the frame's bytes
     * @throws IOException when the worker is gone
     */
    static void write(OutputStream out, byte[] payload) throws IOException {
        int n = payload.length;
        out.write(new byte[]{(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.write(payload);
        out.flush();
    }

    /**
     * Writes one call's frame and flushes it: the deadline, then the event.
     *
     * @param out the worker's stdin
     * @param deadlineNanos when the call is given up, on the {@link System#nanoTime} clock (CLOCK_MONOTONIC,
     *        which the worker shares); 0 when the worker must not judge it
     * @param event the event as JSON
     * @throws IOException when the worker is gone
     */
    static void writeCall(OutputStream out, long deadlineNanos, byte[] event) throws IOException {
        int n = event.length + 8;
        byte[] head = new byte[12];
        for (int i = 0; i < 4; i++) {
            head[i] = (byte) (n >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            head[4 + i] = (byte) (deadlineNanos >>> (56 - 8 * i));
        }
        out.write(head);
        out.write(event);
        out.flush();
    }

    /**
     * Reads one frame.
     *
     * @param in the worker's stdout
     * @param max the largest frame accepted
     * @return the frame's bytes, or null at a clean end of stream before a frame
     * @throws TooLargeException when the frame is longer than {@code max} (its bytes were skipped)
     * @throws IOException when the stream breaks, including mid-frame
     */
    static byte[] read(DataInputStream in, int max) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        long n = ((long) b0 << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        if (n > max) {
            in.skipNBytes(n);
            throw new TooLargeException(n, max);
        }
        byte[] data = new byte[(int) n];
        try {
            in.readFully(data);
        } catch (EOFException e) {
            throw new EOFException("stream ended inside a frame of " + n + " bytes");
        }
        return data;
    }
}
