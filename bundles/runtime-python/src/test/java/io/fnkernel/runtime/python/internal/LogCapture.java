package io.fnkernel.runtime.python.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Collects the formatted log lines of some loggers during a test. */
final class LogCapture implements AutoCloseable {

    private final List<Logger> loggers = new ArrayList<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(String... names) {
        appender.start();
        for (String n : names) {
            Logger l = (Logger) LoggerFactory.getLogger(n);
            l.addAppender(appender);
            loggers.add(l);
        }
    }

    /** @return every line logged so far, as {@code LEVEL message} */
    List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    /** @return true when a logged line contains all the parts */
    boolean has(String... parts) {
        return lines().stream().anyMatch(l -> java.util.Arrays.stream(parts).allMatch(l::contains));
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.detachAppender(appender));
    }
}
