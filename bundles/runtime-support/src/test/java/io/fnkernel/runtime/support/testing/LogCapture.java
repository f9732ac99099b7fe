package io.fnkernel.runtime.support.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects the formatted log lines of some loggers during a runtime's test, as the log would show them. */
public final class LogCapture implements AutoCloseable {

    private final List<Logger> loggers = new ArrayList<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** @param names the loggers to listen to, until {@link #close()} */
    public LogCapture(String... names) {
        appender.start();
        for (String n : names) {
            Logger l = (Logger) LoggerFactory.getLogger(n);
            l.addAppender(appender);
            loggers.add(l);
        }
    }

    /** @return every event logged so far, as {@code LEVEL message}, followed by the attached exception's trace if any */
    public List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        }
    }

    /** @return true when a logged line contains all the parts */
    public boolean has(String... parts) {
        return lines().stream().anyMatch(l -> Arrays.stream(parts).allMatch(l::contains));
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.detachAppender(appender));
    }
}
