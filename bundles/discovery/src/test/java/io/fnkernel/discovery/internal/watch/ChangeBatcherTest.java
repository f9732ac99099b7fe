package io.fnkernel.discovery.internal.watch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debouncing until quiet and until changed files are stable, on a fake clock. */
class ChangeBatcherTest {

    private final Map<Path, ChangeBatcher.Stamp> disk = new HashMap<>();
    private final ChangeBatcher batcher = new ChangeBatcher(150, 2000,
            p -> disk.getOrDefault(p, ChangeBatcher.Stamp.ABSENT));
    private final Path file = Path.of("/f/hello/handler.js");

    @Test
    void readyOnlyAfterTheFolderWasQuietForTheDebounce() {
        disk.put(file, new ChangeBatcher.Stamp(true, 10, 1));
        batcher.record(file, 1000);
        batcher.record(file, 1100);
        assertFalse(batcher.ready(1200), "100 ms after the last event");
        assertTrue(batcher.ready(1250));
        assertFalse(batcher.pending());
        assertFalse(batcher.ready(5000), "nothing left");
    }

    @Test
    void halfWrittenFileWaitsUntilItStopsGrowing() {
        disk.put(file, new ChangeBatcher.Stamp(true, 10, 1));
        batcher.record(file, 1000);
        disk.put(file, new ChangeBatcher.Stamp(true, 20, 2));
        assertFalse(batcher.ready(1150), "changed without an event being seen");
        assertFalse(batcher.ready(1200), "the debounce starts again");
        assertTrue(batcher.ready(1300));
    }

    @Test
    void fileThatNeverSettlesIsTakenAfterTheMaximumWait() {
        batcher.record(file, 0);
        for (long t = 150; t < 2000; t += 150) {
            disk.put(file, new ChangeBatcher.Stamp(true, t, t));
            assertFalse(batcher.ready(t));
        }
        disk.put(file, new ChangeBatcher.Stamp(true, 1, 1));
        assertTrue(batcher.ready(2100));
    }

    @Test
    void deletedFileIsStableOnceAbsent() {
        batcher.record(file, 0);
        assertTrue(batcher.ready(150));
    }

    @Test
    void touchWithoutPathsStillDebounces() {
        batcher.touch(0);
        assertFalse(batcher.ready(100));
        assertTrue(batcher.ready(150));
    }
}
