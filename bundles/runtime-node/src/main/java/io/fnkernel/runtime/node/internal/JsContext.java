package io.fnkernel.runtime.node.internal;

import io.fnkernel.api.FunctionException;
import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionPolicy;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.runtime.support.FunctionOutput;
import io.fnkernel.runtime.support.ResponseRule;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One GraalJS context holding one function version's module, serving one call at a time on a
 * thread that holds a slot of the engine's {@link RunGate}: the event goes in as a flat array
 * ({@link JsEvent}), the glue calls the handler and hands back the result as JSON, and a promise
 * is awaited by running the call's timers until it settles.
 */
final class JsContext {

    private static final Logger LOG = LoggerFactory.getLogger(JsContext.class);
    // The state is IDLE, RUNNING, CLOSED, or the Cancellation of a call the watchdog stopped.
    private static final Object IDLE = "idle";
    private static final Object RUNNING = "running";
    private static final Object CLOSED = "closed";

    private final FunctionSource source;
    private final OutputRouter outputs;
    private final Watchdog watchdog;
    private final RunGate gate;
    private final Context context;
    private final AtomicReference<Object> state = new AtomicReference<>(IDLE);
    private final AtomicBoolean leased = new AtomicBoolean();
    private volatile Thread lastThread;
    private volatile boolean parked;
    private volatile Runnable onPark = () -> { };
    private Value call;
    private Value nextDelay;
    private Value runOne;
    private Value loadModule;

    // Written by the caller's thread before state becomes RUNNING; read by the watchdog.
    private volatile long deadline;
    private volatile Thread runner;
    private volatile long callSeq;
    private volatile int timeoutMs;
    // Used by the watchdog only.
    private long seenSeq = -1;
    private long allocationBase;
    // Used by the thread that owns the current call.
    private String requestId;
    private FunctionOutput output;
    private boolean settled;
    private boolean succeeded;
    private String text;
    private String stack;
    private boolean broken;
    private boolean inGate;
    private long idleSince = System.nanoTime();

    private JsContext(JsEngine engine, FunctionSource source, FileSnapshot files, OutputRouter outputs, Watchdog watchdog) {
        this.source = source;
        this.outputs = outputs;
        this.watchdog = watchdog;
        this.gate = engine.gate();
        this.context = engine.newContext(files, new GuestStream(line -> write(1, line)), new GuestStream(line -> write(2, line)));
    }

    /**
     * Creates a context and loads the function's module into it.
     *
     * @param engine the shared engine
     * @param source the function
     * @param files what the function may read
     * @param outputs where console output goes
     * @param watchdog the runtime's watchdog, which bounds the module's initialisation too
     * @param loadTimeoutMs how long the module's top-level code may run
     * @return the context, ready for calls
     * @throws FunctionLoadException when the module does not load or exports no handler
     */
    static JsContext open(JsEngine engine, FunctionSource source, FileSnapshot files, OutputRouter outputs, Watchdog watchdog,
            int loadTimeoutMs) throws FunctionLoadException {
        JsContext c = engine.setUp(() -> {
            JsContext opened = new JsContext(engine, source, files, outputs, watchdog);
            try {
                opened.prepare(engine);
                return opened;
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
        });
        watchdog.watch(c);
        try {
            c.load(loadTimeoutMs);
            return c;
        } catch (FunctionLoadException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Evaluates the preludes and the glue, which run no user code. */
    private void prepare(JsEngine engine) {
        ProxyExecutable write = args -> {
            write(args[0].asInt(), args[1].asString());
            return null;
        };
        ProxyExecutable settle = args -> {
            settle(args[0].asBoolean(), args[1].asString(), args[2].asString());
            return null;
        };
        ProxyExecutable base64 = args -> base64(args[0], args[1].asLong(), args[2].asInt());
        for (Source prelude : engine.preludes()) {
            context.eval(prelude);
        }
        Value api = context.eval(engine.glue()).execute(write, settle, base64);
        call = api.getMember("call");
        nextDelay = api.getMember("nextDelay");
        runOne = api.getMember("runOne");
        loadModule = api.getMember("load");
    }

    private void load(int limitMs) throws FunctionLoadException {
        inGate = false;
        begin("load", System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs), limitMs);
        String missing;
        try {
            if (!enterGate()) {
                throw JsErrors.loadFailure(null, source, timeoutCancellation(), limitMs);
            }
            String handler = source.policy().handler();
            missing = loadModule.execute(source.entry().toString(), handler,
                    FunctionPolicy.DEFAULT_HANDLER.equals(handler), JsErrors.envJson(source.env()), JsEvent.constants(source)).asString();
        } catch (PolyglotException e) {
            throw JsErrors.loadFailure(e, source, cancellation(), limitMs);
        } catch (IllegalStateException e) {
            throw JsErrors.loadFailure(null, source, cancellation(), limitMs);
        } finally {
            end();
            leaveGate();
        }
        if (!missing.isEmpty()) {
            throw JsErrors.missingHandler(source);
        }
    }

    /**
     * Runs one call of the handler on this thread, which holds a slot of the gate. A call that waits
     * for a timer gives the slot up meanwhile and waits for its turn to get one back; whether it did
     * is told by {@link #holdsGate()} afterwards.
     *
     * @param request the request
     * @param deadline {@link System#nanoTime()} by which the call must have finished
     * @return the normalised response
     * @throws FunctionException when the handler failed, timed out or answered something invalid
     */
    FunctionResponse invoke(FunctionRequest request, long deadline) {
        Object event = JsEvent.of(request);
        inGate = true;
        begin(request.id(), deadline, request.timeoutMs());
        String json;
        try {
            Value r = call.execute(event);
            json = r.isString() ? r.asString() : awaitSettled();
        } catch (PolyglotException e) {
            throw failure(e);
        } catch (IllegalStateException e) {
            throw failure(null);
        } finally {
            end();
        }
        return ResponseRule.fromJson(json);
    }

    /** @return true when the thread of the last call still holds its gate slot; false when it lost it waiting for a timer */
    boolean holdsGate() {
        return inGate;
    }

    private void begin(String id, long until, int timeout) {
        requestId = id;
        settled = false;
        timeoutMs = timeout;
        runner = Thread.currentThread();
        deadline = until;
        callSeq = callSeq + 1;
        if (!state.compareAndSet(IDLE, RUNNING)) {
            throw new FunctionException(FunctionException.Kind.UNAVAILABLE, "the JavaScript context was closed");
        }
    }

    /** @return true when this thread may now run JavaScript; false when the deadline passed first */
    private boolean enterGate() {
        inGate = gate.enter(deadline);
        return inGate;
    }

    private void leaveGate() {
        if (inGate) {
            inGate = false;
            gate.leave();
        }
    }

    private void end() {
        if (!state.compareAndSet(RUNNING, IDLE)) {
            broken = true;
        }
        runner = null;
        idleSince = System.nanoTime();
        if (output != null) {
            FunctionOutput o = output;
            output = null;
            outputs.close(o);
        }
    }

    private String awaitSettled() {
        while (!settled) {
            if (state.get() != RUNNING) {
                throw failure(null);
            }
            long delay = nextDelay.execute().asLong();
            if (settled) {
                break;
            }
            if (delay < 0) {
                throw new FunctionException(FunctionException.Kind.HANDLER_ERROR,
                        "the handler's promise never settled: nothing was left to wait for (no pending timer)");
            }
            if (delay > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (cancel(timeoutCancellation())) {
                        broken = true;
                    }
                    throw failure(null);
                }
                parked = true;
                leaveGate();
                onPark.run();
                LockSupport.parkNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(delay), left));
                parked = false;
                if (!enterGate()) {
                    if (cancel(timeoutCancellation())) {
                        broken = true;
                    }
                    throw failure(null);
                }
            } else {
                runOne.execute();
            }
        }
        if (!succeeded) {
            throw handlerError();
        }
        return text;
    }

    private FunctionException handlerError() {
        LOG.warn("[fn:{}] handler failed ({}): {}", source.ref(), requestId, stack.isEmpty() ? text : stack);
        return new FunctionException(FunctionException.Kind.HANDLER_ERROR, text);
    }

    private FunctionException failure(PolyglotException e) {
        Cancellation why = cancellation();
        if (why != null) {
            broken = true;
            LOG.warn("[fn:{}] call stopped ({}): {}", source.ref(), requestId, why.message());
            return why.exception();
        }
        if (e == null || e.isCancelled()) {
            broken = true;
            return new FunctionException(FunctionException.Kind.UNAVAILABLE, "the function version was shut down during the call");
        }
        if (settled && !succeeded) {
            return handlerError();
        }
        if (e.isResourceExhausted()) {
            broken = true;
            LOG.warn("[fn:{}] handler exhausted a resource ({}): {}", source.ref(), requestId, e.getMessage());
            return new FunctionException(FunctionException.Kind.HANDLER_ERROR, "the handler ran out of resources: " + e.getMessage());
        }
        if (e.isGuestException()) {
            LOG.warn("[fn:{}] handler failed ({}): {}", source.ref(), requestId, JsErrors.guestStack(e));
            return new FunctionException(FunctionException.Kind.HANDLER_ERROR, e.getMessage());
        }
        broken = true;
        LOG.error("[fn:{}] internal error in the JavaScript runtime ({})", source.ref(), requestId, e);
        return new FunctionException(FunctionException.Kind.HANDLER_ERROR, "internal error in the JavaScript runtime");
    }

    private void settle(boolean ok, String value, String trace) {
        if (!settled) {
            settled = true;
            succeeded = ok;
            text = value;
            stack = trace;
        }
    }

    private void write(int stream, String line) {
        if (output == null) {
            output = outputs.open(source.ref(), requestId == null ? "-" : requestId);
        }
        if (stream == 2) {
            output.err(line + "\n");
        } else {
            output.out(line + "\n");
        }
    }

    private static String base64(Value buffer, long offset, int length) {
        byte[] bytes = new byte[length];
        buffer.readBuffer(offset, bytes, 0, length);
        return Base64.getEncoder().encodeToString(bytes);
    }

    // ---- watchdog side ----

    /** @return true while a call or the module's loading runs */
    boolean running() {
        return state.get() == RUNNING;
    }

    /** @return when the running call must have finished, {@link System#nanoTime()} */
    long deadline() {
        return deadline;
    }

    /** @return the failure of a call that ran out of time */
    Cancellation timeoutCancellation() {
        return new Cancellation(FunctionException.Kind.TIMEOUT, "the handler did not finish within " + timeoutMs + " ms");
    }

    /**
     * Bytes the running call allocated since the watchdog first saw it; called by the watchdog only.
     *
     * @param allocation the allocation meter
     * @return the bytes, 0 the first time a call is seen or when unknown
     */
    long allocatedDuringCall(ThreadAllocation allocation) {
        long seq = callSeq;
        long now = allocation.bytes(runner);
        if (now < 0) {
            return 0;
        }
        if (seq != seenSeq) {
            seenSeq = seq;
            allocationBase = now;
            return 0;
        }
        return now - allocationBase;
    }

    /**
     * Marks the running call as cancelled and wakes its thread; the caller then closes the context.
     *
     * @param why what the call's caller is told
     * @return true when a running call was cancelled by this
     */
    boolean cancel(Cancellation why) {
        if (!state.compareAndSet(RUNNING, why)) {
            return false;
        }
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
        return true;
    }

    private Cancellation cancellation() {
        return state.get() instanceof Cancellation c ? c : null;
    }

    // ---- pool side ----

    /** @return true when the caller now holds this context alone */
    boolean lease() {
        if (leased.get() || !leased.compareAndSet(false, true)) {
            return false;
        }
        lastThread = Thread.currentThread();
        return true;
    }

    /** Gives the context back to its pool. */
    void unlease() {
        leased.set(false);
    }

    /** @return true while a call in this context sleeps until its next timer, outside the gate */
    boolean parked() {
        return parked;
    }

    /** @param listener told on the call's thread each time a call here starts to sleep until a timer */
    void whenParked(Runnable listener) {
        onPark = listener;
    }

    /** @return the thread that leased this context last */
    Thread lastThread() {
        return lastThread;
    }

    /** @return true when the context may serve another call */
    boolean reusable() {
        return !broken && state.get() == IDLE;
    }

    /** @return nanoTime when the last call ended */
    long idleSince() {
        return idleSince;
    }

    /** Closes the context, cancelling whatever runs in it. Idempotent. */
    void close() {
        state.updateAndGet(s -> s instanceof Cancellation ? s : CLOSED);
        watchdog.forget(this);
        try {
            context.close(true);
        } catch (RuntimeException e) {
            LOG.debug("closing a context of {} failed", source.ref(), e);
        }
    }

    @Override
    public String toString() {
        return "fn:" + source.ref() + " (" + requestId + ")";
    }
}
