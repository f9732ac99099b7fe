package io.fnkernel.kernel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.felix.framework.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FelixLogBridgeTest {

    private static final Bundle BROKEN = TestBundles.bundle(2, "com.example.broken", "1.0.0",
            "file:///opt/fnkernel/bundle/broken-1.0.0.jar");
    private static final BundleException UNRESOLVED = new BundleException(
            "Unable to resolve com.example.broken [2](R 2.0): missing requirement [com.example.broken [2](R 2.0)]"
                    + " osgi.wiring.package; (&(osgi.wiring.package=com.example.nothere)(version>=1.0.0)(!(version>=2.0.0)))",
            BundleException.RESOLVE_ERROR);

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private FelixLogBridge bridge;

    @BeforeEach
    void setUp() {
        events.setContext(context);
        events.start();
        ch.qos.logback.classic.Logger felix = context.getLogger("felix");
        felix.setLevel(Level.DEBUG);
        felix.addAppender(events);
        bridge = new FelixLogBridge(felix);
        bridge.setLogLevel(Logger.LOG_DEBUG);
    }

    @Test
    void startFailureAfterStartUpIsOneErrorLineWithoutStackTrace() throws IOException {
        bridge.endStartup();
        bridge.log(BROKEN, Logger.LOG_ERROR, "Error starting file:///opt/fnkernel/bundle/broken-1.0.0.jar", UNRESOLVED);

        List<ILoggingEvent> errors = events.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertEquals(1, errors.size());
        ILoggingEvent error = errors.get(0);
        assertEquals("bundle com.example.broken 1.0.0 (broken-1.0.0.jar) did not start:"
                + " missing package com.example.nothere [1.0.0,2.0.0)", error.getFormattedMessage());
        assertNull(error.getThrowableProxy(), "the error line carries no stack trace");
        String rendered = render(error);
        assertEquals(1, rendered.lines().count(), rendered);
        assertTrue(events.list.stream().anyMatch(e -> e.getLevel() == Level.DEBUG && e.getThrowableProxy() != null),
                "the stack trace stays available at DEBUG");
    }

    @Test
    void startFailureDuringStartUpIsKeptForTheKernelNotLogged() {
        bridge.log(BROKEN, Logger.LOG_ERROR, "Error starting file:///opt/fnkernel/bundle/broken-1.0.0.jar", UNRESOLVED);

        assertTrue(events.list.stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.INFO)), events.list::toString);
        String kept = bridge.startFailure(BROKEN);
        assertNotNull(kept);
        assertTrue(kept.contains("com.example.broken") && kept.contains("broken-1.0.0.jar") && kept.contains("com.example.nothere"), kept);
    }

    @Test
    void otherMessagesWithAnExceptionStayOnOneLine() {
        bridge.log(BROKEN, Logger.LOG_WARNING, "Bundle could not be refreshed", new IllegalStateException("locked\nby x"));

        ILoggingEvent warn = events.list.stream().filter(e -> e.getLevel() == Level.WARN).findFirst().orElseThrow();
        assertEquals("[com.example.broken] Bundle could not be refreshed: locked by x", warn.getFormattedMessage());
        assertNull(warn.getThrowableProxy());
    }

    /** Renders an event with the pattern of the shipped logback-text.xml. */
    private String render(ILoggingEvent event) throws IOException {
        String xml;
        try (InputStream in = Logging.class.getResourceAsStream("logback-text.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("<pattern>(.*)</pattern>").matcher(xml);
        assertTrue(m.find(), "logback-text.xml has a pattern");
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(m.group(1));
        layout.start();
        return layout.doLayout(event);
    }
}
