package io.fnkernel.discovery.internal.fakes;

import io.fnkernel.api.FunctionLoadException;
import io.fnkernel.api.FunctionRequest;
import io.fnkernel.api.FunctionResponse;
import io.fnkernel.api.FunctionRuntime;
import io.fnkernel.api.FunctionSource;
import io.fnkernel.api.FunctionVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A runtime that "compiles" a handler by reading it: a file containing {@code SYNTAX ERROR at L:C}
 * fails to load with that line and column, anything else loads.
 */
public final class FakeRuntime implements FunctionRuntime {

    private static final Pattern ERROR = Pattern.compile("SYNTAX ERROR at (\\d+):(\\d+)");

    /** Every source loaded, in order. */
    public final List<FunctionSource> loads = new CopyOnWriteArrayList<>();
    /** Every version this runtime made. */
    public final List<Version> versions = new CopyOnWriteArrayList<>();
    /** Runs before each load, on the loading thread; tests use it to block or observe. */
    public volatile Consumer<FunctionSource> beforeLoad = s -> { };
    private final String id;

    public FakeRuntime(String id) {
        this.id = id;
    }

    @Override
    public FunctionVersion load(FunctionSource source) throws FunctionLoadException {
        beforeLoad.accept(source);
        loads.add(source);
        String code;
        try {
            code = Files.readString(source.entry());
        } catch (IOException e) {
            throw new FunctionLoadException("cannot read: " + e, source.entry());
        }
        Matcher m = ERROR.matcher(code);
        if (m.find()) {
            throw new FunctionLoadException("Unexpected token", source.entry(), Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)), null);
        }
        Version v = new Version(source, id, code);
        versions.add(v);
        return v;
    }

    /** @return how many loads of that revision happened */
    public long loadsOf(String revision) {
        return loads.stream().filter(s -> s.revision().equals(revision)).count();
    }

    /** A loaded fake version. */
    public static final class Version implements FunctionVersion {
        public final FunctionSource source;
        public final String runtimeId;
        public final String code;
        public final CountDownLatch closed = new CountDownLatch(1);
        public volatile String closedOnThread;

        Version(FunctionSource source, String runtimeId, String code) {
            this.source = source;
            this.runtimeId = runtimeId;
            this.code = code;
        }

        @Override
        public FunctionSource source() {
            return source;
        }

        @Override
        public CompletionStage<FunctionResponse> invoke(FunctionRequest request) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closedOnThread = Thread.currentThread().getName();
            closed.countDown();
        }

        public boolean isClosed() {
            return closed.getCount() == 0;
        }

        public boolean awaitClosed() throws InterruptedException {
            return closed.await(5, TimeUnit.SECONDS);
        }

        @Override
        public String toString() {
            return source.ref() + "#" + source.revision();
        }
    }
}
