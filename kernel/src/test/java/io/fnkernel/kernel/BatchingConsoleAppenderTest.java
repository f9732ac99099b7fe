package io.fnkernel.kernel;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every line arrives, in order per thread; a burst is written in a few writes; a full queue drops INFO, not WARN. */
class BatchingConsoleAppenderTest {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicInteger writes = new AtomicInteger();
    private LoggerContext ctx;

    @AfterEach
    void restore() {
        System.setOut(original);
        if (ctx != null) {
            ctx.stop();
        }
    }

    /** Standard output goes to {@link #bytes}, counting writes; {@code gate} (when not null) holds the first write until opened. */
    private void captureOut(CountDownLatch writing, CountDownLatch gate) {
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes.incrementAndGet();
                if (writing != null) {
                    writing.countDown();
                }
                try {
                    if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                        throw new AssertionError("the gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                bytes.write(b, off, len);
            }
        };
        System.setOut(new PrintStream(sink, false, StandardCharsets.UTF_8));
    }

    private Logger start(int queueSize) {
        ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter()); // what logback's SLF4J provider gives its context
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(ctx);
        appender.setName("console");
        appender.setQueueSize(queueSize);
        appender.setEncoder(encoder);
        appender.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return root;
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void everyLineArrivesInOrderPerThreadAndABurstTakesFewWrites() throws Exception {
        captureOut(null, null);
        Logger log = start(BatchingConsoleAppender.DEFAULT_QUEUE_SIZE);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    log.info("t{} line {}", id, i);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        ctx.stop();
        List<String> lines = lines();
        assertEquals(2000, lines.size());
        for (int t = 0; t < 4; t++) {
            String prefix = "INFO t" + t + " line ";
            List<String> mine = lines.stream().filter(l -> l.startsWith(prefix)).toList();
            for (int i = 0; i < 500; i++) {
                assertEquals(prefix + i, mine.get(i));
            }
        }
        assertTrue(writes.get() < 200, "2000 lines took " + writes.get() + " writes");
    }

    @Test
    void aFullQueueDropsInfoLinesButKeepsWarnings() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        captureOut(writing, gate);
        Logger log = start(10);
        log.info("first");
        assertTrue(writing.await(10, TimeUnit.SECONDS), "the writer never wrote");
        for (int i = 0; i < 20; i++) {
            log.info("info {}", i);
        }
        log.warn("warning");
        gate.countDown();
        ctx.stop();
        List<String> lines = lines();
        assertEquals("INFO first", lines.get(0));
        assertEquals(8, lines.stream().filter(l -> l.startsWith("INFO info ")).count(), String.join("\n", lines));
        assertEquals("WARN warning", lines.get(lines.size() - 1));
    }
}
