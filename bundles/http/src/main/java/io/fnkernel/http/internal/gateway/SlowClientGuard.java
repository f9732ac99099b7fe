package io.fnkernel.http.internal.gateway;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Closes a new connection whose first request's headers have not arrived within the deadline, so
 * a client trickling header bytes (slowloris) cannot hold a connection past it; the idle timeout
 * covers clients that send nothing.
 */
public final class SlowClientGuard implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);

    private final Scheduler scheduler;
    private final long deadlineMs;

    /**
     * @param scheduler the timer
     * @param deadlineMs how long a new connection has to deliver its first request's headers
     */
    public SlowClientGuard(Scheduler scheduler, long deadlineMs) {
        this.scheduler = scheduler;
        this.deadlineMs = deadlineMs;
    }

    // Later requests on a keep-alive connection are bounded by the idle timeout only: the public
    // Connection counters cannot tell a slow next request head from a slow body of the current one,
    // and the parser that could (HttpConnection) is in a package Jetty's bundle does not export.
    @Override
    public void onOpened(Connection connection) {
        scheduler.schedule(() -> check(connection), deadlineMs, TimeUnit.MILLISECONDS);
    }

    private void check(Connection connection) {
        if (connection.getEndPoint().isOpen() && connection.getMessagesIn() == 0 && connection.getBytesIn() > 0) {
            LOG.debug("closing {}: no complete request headers within {} ms", connection.getEndPoint().getRemoteSocketAddress(), deadlineMs);
            connection.getEndPoint().close();
        }
    }
}
