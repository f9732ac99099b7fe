package io.fnkernel.kernel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log events to standard output from one writer thread, many lines per write: the threads
 * that log never wait for a slow terminal or pipe, and under load the process makes one write and
 * no wake-up per batch instead of one each per line (logback's AsyncAppender wakes its worker and
 * its console appender writes once for every access line). When the queue is 80 % full, INFO and
 * lower lines are dropped; warnings and errors never are, and wait for room.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Lines that may wait for the writer by default. */
    public static final int DEFAULT_QUEUE_SIZE = 8192;
    /** After a write the writer waits this long for more lines, so a busy server writes in batches. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int FLUSH_BYTES = 64 * 1024;
    private static final long STOP_WAIT_MS = 5000;

    private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private volatile boolean idle;
    private Thread writer;

    /** @param encoder turns an event into the bytes of its line(s) */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** @param queueSize lines that may wait for the writer */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("appender \"" + name + "\" has no <encoder>");
            return;
        }
        if (queueSize < 1) {
            addError("appender \"" + name + "\": <queueSize> must be at least 1, not " + queueSize);
            return;
        }
        writer = new Thread(this::writeLoop, "fnk-log-writer");
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        boolean minor = event.getLevel().toInt() <= Level.INFO_INT;
        if (minor && size.get() >= queueSize * 4 / 5) {
            return;
        }
        while (!minor && size.get() >= queueSize && isStarted()) {
            LockSupport.parkNanos(LINGER_NANOS);
        }
        event.prepareForDeferredProcessing();
        size.incrementAndGet();
        queue.offer(event);
        if (idle) {
            LockSupport.unpark(writer);
        }
    }

    private void writeLoop() {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(FLUSH_BYTES);
        write(batch, encoder.headerBytes());
        for (;;) {
            boolean wrote = drain(batch);
            if (!isStarted() && queue.isEmpty()) {
                break;
            }
            if (wrote) {
                LockSupport.parkNanos(LINGER_NANOS);
                continue;
            }
            idle = true; // written before the queue is read: a logging thread sees it or its line is seen here
            if (queue.isEmpty() && isStarted()) {
                LockSupport.park(this);
            }
            idle = false;
        }
        write(batch, encoder.footerBytes());
        flush(batch);
    }

    /** Encodes every queued line and writes them; returns true when there were any. */
    private boolean drain(ByteArrayOutputStream batch) {
        boolean any = false;
        for (ILoggingEvent e; (e = queue.poll()) != null; ) {
            size.decrementAndGet();
            any = true;
            try {
                write(batch, encoder.encode(e));
            } catch (RuntimeException x) {
                addError("could not encode a log event of " + e.getLoggerName(), x);
            }
            if (batch.size() >= FLUSH_BYTES) {
                flush(batch);
            }
        }
        flush(batch);
        return any;
    }

    private static void write(ByteArrayOutputStream batch, byte[] bytes) {
        if (bytes != null) {
            batch.write(bytes, 0, bytes.length);
        }
    }

    private void flush(ByteArrayOutputStream batch) {
        if (batch.size() == 0) {
            return;
        }
        PrintStream out = System.out; // looked up each time, as logback's console target does
        try {
            batch.writeTo(out);
        } catch (IOException e) {
            addError("could not write to standard output", e);
        }
        out.flush();
        batch.reset();
    }

    /** Stops taking lines, writes out what is queued, then stops the writer. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        LockSupport.unpark(writer);
        try {
            writer.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
