package io.fnkernel.runtime.python.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One CPython worker process: writes frames to it, reads its frames on a reader thread and hands
 * them to its {@link Listener}, logs what it writes outside the protocol, and kills its process group.
 */
final class Worker {

    /** What the pool hears from a worker; every method runs on the worker's reader thread except {@link #started}. */
    interface Listener {
        /** The process runs; called on the launching thread before any frame is read. */
        void started(Worker w);

        /** The answer to the init frame: {@code ok} true when the handler is loaded. */
        void hello(Worker w, JsonNode hello);

        /** A call's reply: meta frame, then payload, or {@code oversize} when the payload was too long. */
        void reply(Worker w, JsonNode meta, byte[] payload, Frames.TooLargeException oversize);

        /** The process is gone (or its protocol broke and it was killed); called once, last. */
        void exited(Worker w, String how);
    }

    private static final Logger LOG = LoggerFactory.getLogger("fn");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE = 8192;
    private static final int TAIL_LINES = 20;

    final long pid;
    final String label;
    final long startedNanos = System.nanoTime();
    /** The calls sent to it (or being sent), in the order of their frames; guarded by the pool's lock. */
    final ArrayDeque<Call> calls = new ArrayDeque<>(Pipelining.DEPTH);
    /** When it last replied ({@link System#nanoTime}); guarded by the pool's lock. */
    long lastReplyNanos;
    /** Killed on purpose (timeout, cancel, close): its exit is no crash. */
    volatile boolean retired;
    /** Why it failed to start, when the pool decided that (handshake timeout). */
    volatile String startFailure;
    volatile boolean helloSeen;
    volatile long readyNanos;
    /** True once its hello showed that it reads the same monotonic clock, so it can skip calls given up meanwhile. */
    volatile boolean clockShared;

    private final Process process;
    private final DataInputStream in;
    private final OutputStream out;
    private final int maxFrame;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private boolean groupKilled;

    Worker(Process process, String label, int maxFrame) {
        this.process = process;
        this.pid = process.pid();
        this.label = label;
        this.in = new DataInputStream(process.getInputStream());
        this.out = process.getOutputStream();
        this.maxFrame = maxFrame;
    }

    /** Starts the reader and output threads. */
    void startThreads(Listener listener) {
        Thread reader = new Thread(() -> read(listener), "fnk-python " + label + " pid " + pid);
        reader.setDaemon(true);
        reader.start();
        Thread drain = new Thread(this::drainOutput, "fnk-python " + label + " pid " + pid + " output");
        drain.setDaemon(true);
        drain.start();
        // However the worker ends, its group goes too, even while the reader still waits on a pipe a child keeps open.
        process.onExit().thenRunAsync(this::killGroup);
    }

    /**
     * Sends one call's frame, recording on the call that its write to this worker began
     * ({@link Call#writing}); the worker skips the call once its deadline has passed.
     *
     * @param c the call, assigned to this worker
     * @throws IOException when the worker is gone
     */
    void sendCall(Call c) throws IOException {
        c.writing(this);
        synchronized (out) {
            Frames.writeCall(out, clockShared ? c.deadlineNanos : 0, c.event);
        }
    }

    /**
     * Sends one frame.
     *
     * @param frame the bytes
     * @throws IOException when the worker is gone
     */
    void send(byte[] frame) throws IOException {
        synchronized (out) {
            Frames.write(out, frame);
        }
    }

    /** Closes the worker's stdin: an idle worker exits on its own. */
    void shutdown() {
        try {
            synchronized (out) {
                out.close();
            }
        } catch (IOException e) {
            // already gone
        }
    }

    /** Kills the worker and whatever it started, at once (SIGKILL). */
    void kill() {
        List<ProcessHandle> children = process.descendants().toList(); // those that left its group too
        killGroup();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Kills the worker's process group, once: the worker leads it, and everything the handler
     * started is in it unless it left on purpose, also what was reparented when the worker died.
     */
    synchronized void killGroup() {
        if (!groupKilled) {
            groupKilled = true;
            ProcessGroups.kill(pid);
        }
    }

    /**
     * Stops workers: closes their stdin so idle ones exit on their own, waits up to a grace period,
     * then kills them and every process they had started.
     *
     * @param workers the workers
     * @param graceMs how long all of them together may take to exit
     */
    static void stopAll(List<Worker> workers, long graceMs) {
        List<ProcessHandle> children = new ArrayList<>();
        for (Worker w : workers) {
            w.retired = true;
            children.addAll(w.process.descendants().toList());
            w.shutdown();
        }
        long deadline = System.nanoTime() + graceMs * 1_000_000L;
        for (Worker w : workers) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    w.process.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                // killed below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            w.kill();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** @return why it failed to start when it ended before answering, with its last output */
    String startFailureText(String how) {
        String t = tail();
        return "the python worker exited before it was ready (" + how + ")" + (t.isEmpty() ? "" : ":\n" + t);
    }

    /** @return the last lines the process wrote outside the protocol, for start-up failures */
    String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    private void read(Listener listener) {
        String how = null;
        try {
            byte[] hello = Frames.read(in, maxFrame);
            if (hello != null) {
                helloSeen = true;
                listener.hello(this, JSON.readTree(hello));
                while (true) {
                    byte[] meta = Frames.read(in, maxFrame);
                    if (meta == null) {
                        break;
                    }
                    JsonNode m = JSON.readTree(meta);
                    try {
                        byte[] payload = Frames.read(in, maxFrame);
                        if (payload == null) {
                            break;
                        }
                        listener.reply(this, m, payload, null);
                    } catch (Frames.TooLargeException e) {
                        listener.reply(this, m, null, e);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            how = "protocol broke: " + e.getMessage();
            kill();
        } finally {
            String exit = exitDescription(how);
            killGroup();
            listener.exited(this, exit);
        }
    }

    private String exitDescription(String how) {
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                kill();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String code = process.isAlive() ? "still running" : describeExit(process.exitValue());
        return how == null ? code : how + " (" + code + ")";
    }

    private static String printable(CharSequence raw) {
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String describeExit(int code) {
        if (code > 128 && code < 160) {
            return "killed by signal " + (code - 128) + (code == 137 ? " (SIGKILL)" : code == 139 ? " (SIGSEGV)" : "");
        }
        return "exit code " + code;
    }

    private void drainOutput() {
        try (InputStream err = process.getErrorStream(); Reader r = new InputStreamReader(err, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            char[] buf = new char[4096];
            int n;
            while ((n = r.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == '\n' || line.length() >= MAX_LINE) {
                        emit(line);
                        if (c == '\n') {
                            continue;
                        }
                    }
                    line.append(c);
                }
            }
            if (line.length() > 0) {
                emit(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private void emit(StringBuilder line) {
        String s = printable(line);
        line.setLength(0);
        LOG.info("[fn:{} worker] {} (pid {})", label, s, pid);
        synchronized (tail) {
            tail.addLast(s);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }
}
