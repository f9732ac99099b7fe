package io.fnkernel.discovery.internal.watch;

import io.fnkernel.discovery.internal.scan.FileRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches the functions folder and calls back once a batch of changes has settled: the JDK
 * WatchService on every folder (new folders registered as they appear), or polling when that is
 * unavailable or asked for. Editor temp files, dot-files, dependency caches and dot-folders are
 * ignored. Also notices the folder disappearing and coming back. One daemon thread.
 */
public final class TreeWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.fnkernel.discovery");
    /** Folders watched below the root; one more than the scan depth so new deep folders are seen. */
    private static final int WATCH_DEPTH = 8;

    private final Path root;
    private final long pollMs;
    private final boolean forcePoll;
    private final Runnable onChange;
    private final ChangeBatcher batcher;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private WatchService service;
    private volatile TreePoller poller;
    private volatile boolean rootPresent;

    /**
     * @param root the functions folder
     * @param debounceMs quiet time before a batch is ready
     * @param pollMs poll interval (polling mode, and checking that the root exists)
     * @param forcePoll true to poll even when the WatchService works
     * @param onChange called on the watcher thread when a batch has settled; must return quickly
     */
    public TreeWatcher(Path root, long debounceMs, long pollMs, boolean forcePoll, Runnable onChange) {
        this.root = root.toAbsolutePath().normalize();
        this.pollMs = pollMs;
        this.forcePoll = forcePoll;
        this.onChange = onChange;
        this.batcher = new ChangeBatcher(debounceMs, Math.max(2000, debounceMs * 10), TreeWatcher::stat);
        this.thread = new Thread(this::run, "fnk-discovery-watch");
        this.thread.setDaemon(true);
    }

    /** Starts watching: folders are registered before this returns, so no later change is missed. */
    public void start() {
        open();
        thread.start();
    }

    /**
     * Tells the watcher that a scan found the functions folder missing, so that it rescans as soon as
     * the folder is back, even if it came back before the watcher noticed it gone.
     */
    public void rootMissing() {
        rootPresent = false;
    }

    /** @return true when polling rather than using the WatchService */
    public boolean polling() {
        return poller != null;
    }

    private void run() {
        try {
            long lastPoll = System.currentTimeMillis();
            while (!closed) {
                long now = System.currentTimeMillis();
                long wait = Math.min(pollMs, batcher.pending() ? Math.max(1, batcher.deadline() - now) : pollMs);
                waitForEvents(wait);
                now = System.currentTimeMillis();
                if (now - lastPoll >= pollMs) {
                    lastPoll = now;
                    checkRoot(now);
                    if (poller != null) {
                        poller.poll(batcher, now);
                    }
                }
                if (batcher.ready(System.currentTimeMillis())) {
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("file watcher stopped; changes need POST /_fn/reload until restart", e);
        }
    }

    private void open() {
        rootPresent = Files.isDirectory(root);
        if (!forcePoll) {
            try {
                service = FileSystems.getDefault().newWatchService();
                if (service.getClass().getName().contains("Polling")) {
                    service.close();
                    service = null;
                    LOG.info("the JDK watch service polls on this platform; polling every {} ms instead", pollMs);
                }
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warn("file watching unavailable ({}); polling every {} ms", e.toString(), pollMs);
                service = null;
            }
        }
        if (service == null) {
            poller = new TreePoller(root, WATCH_DEPTH);
            poller.poll(null, System.currentTimeMillis());
        } else if (rootPresent) {
            registerTree(root);
        }
    }

    private void waitForEvents(long waitMs) throws InterruptedException {
        if (service == null) {
            Thread.sleep(waitMs);
            return;
        }
        WatchKey key = service.poll(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        while (key != null) {
            handle(key);
            key = service.poll();
        }
    }

    private void handle(WatchKey key) {
        Path dir = keys.get(key);
        long now = System.currentTimeMillis();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
                batcher.touch(now);
                registerTree(root);
                continue;
            }
            String name = event.context().toString();
            if (name.startsWith(".") || FileRules.isEditorTemp(name) || FileRules.ignoredDir(name)) {
                continue;
            }
            Path child = dir.resolve(name);
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
                registerTree(child);
            }
            batcher.record(child, now);
        }
        if (!key.reset()) {
            keys.remove(key);
        }
    }

    /** Registers a folder and every watchable folder below it (again, after a move, to refresh its path). */
    private void registerTree(Path top) {
        Path rootReal;
        try {
            rootReal = root.toRealPath();
        } catch (IOException e) {
            return;
        }
        for (Path dir : TreePoller.folders(top, rootReal, root, WATCH_DEPTH)) {
            try {
                keys.put(dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY), dir);
            } catch (java.nio.file.NoSuchFileException e) {
                LOG.debug("folder {} went away before it could be watched", dir);
            } catch (IOException e) {
                pollToo(dir, e);
            }
        }
    }

    /**
     * A folder could not be watched (the inotify watch limit, for instance): polls the whole tree as
     * well from now on, so no change goes unseen, and says so once.
     */
    private void pollToo(Path dir, IOException e) {
        if (poller != null) {
            return;
        }
        LOG.warn("cannot watch {} ({}); polling the functions folder every {} ms as well", dir, e.toString(), pollMs);
        poller = new TreePoller(root, WATCH_DEPTH);
        poller.poll(null, System.currentTimeMillis());
    }

    private void checkRoot(long now) {
        boolean present = Files.isDirectory(root);
        if (present == rootPresent) {
            return;
        }
        rootPresent = present;
        LOG.info(present ? "functions folder {} is back" : "functions folder {} disappeared", root);
        if (present && service != null) {
            keys.keySet().forEach(WatchKey::cancel);
            keys.clear();
            registerTree(root);
        }
        batcher.touch(now);
    }

    static ChangeBatcher.Stamp stat(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new ChangeBatcher.Stamp(true, a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            return ChangeBatcher.Stamp.ABSENT;
        }
    }

    /** Stops watching and waits (briefly) for the thread to end. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
