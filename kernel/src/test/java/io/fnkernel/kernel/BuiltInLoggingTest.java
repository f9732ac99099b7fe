package io.fnkernel.kernel;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltInLoggingTest {

    /** One exception for both outputs, so its stack trace is the same in each. */
    private static final IllegalStateException BROKEN = new IllegalStateException("broken");

    @Test
    void textLinesAreThoseOfTheShippedXml() throws Exception {
        String xml = sameOutputBothWays("logback-text.xml", false, "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");
        assertTrue(xml.contains("INFO  discovery  loaded hello@default"), xml);
        assertTrue(xml.contains("java.lang.IllegalStateException: broken"), xml);
    }

    @Test
    void jsonLinesAreThoseOfTheShippedXml() throws Exception {
        String xml = sameOutputBothWays("logback-json.xml", true, "\"timestamp\":\\d+");
        assertTrue(xml.contains("\"loggerName\":\"discovery\""), xml);
        assertTrue(xml.contains("\"formattedMessage\":\"loaded hello@default in 12 ms\""), xml);
    }

    /**
     * Requires the XML file and the code to write the same lines, but for their time stamps.
     *
     * @return what the XML configuration wrote
     */
    private static String sameOutputBothWays(String resource, boolean json, String timestamp) throws Exception {
        String xml = output(ctx -> joran(ctx, resource));
        String code = output(ctx -> BuiltInLogging.apply(ctx, json));
        assertFalse(xml.contains("dropped"), xml);
        assertEquals(xml.replaceAll(timestamp, "T"), code.replaceAll(timestamp, "T"));
        return xml;
    }

    @Test
    void anEditedConfFileIsReadAsXmlAndAnUnchangedOneIsBuiltInCode(@TempDir Path conf) throws Exception {
        Path file = conf.resolve("logback-text.xml");
        try (InputStream in = Logging.class.getResourceAsStream("logback-text.xml")) {
            Files.write(file, in.readAllBytes());
        }
        assertTrue(Logging.sameAsShipped(file, "logback-text.xml"));
        try {
            Logging.configure(conf, ServeOptions.LogFormat.text);
            assertEquals("text", System.getProperty(BuiltInLogging.FORMAT_PROPERTY));
            assertNull(System.getProperty("logback.configurationFile"));
            System.clearProperty(BuiltInLogging.FORMAT_PROPERTY);

            Files.writeString(file, Files.readString(file).replace("level=\"INFO\"", "level=\"DEBUG\""));
            assertFalse(Logging.sameAsShipped(file, "logback-text.xml"));
            Logging.configure(conf, ServeOptions.LogFormat.text);
            assertEquals(file.toString(), System.getProperty("logback.configurationFile"));
            assertNull(System.getProperty(BuiltInLogging.FORMAT_PROPERTY));
        } finally {
            System.clearProperty(BuiltInLogging.FORMAT_PROPERTY);
            System.clearProperty("logback.configurationFile");
        }
    }

    private static void joran(LoggerContext ctx, String resource) {
        JoranConfigurator c = new JoranConfigurator();
        c.setContext(ctx);
        try {
            c.doConfigure(Logging.class.getResource(resource));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** What a context set up by {@code setup} writes to System.out for the same events. */
    private static String output(Consumer<LoggerContext> setup) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            LoggerContext ctx = new LoggerContext();
            ctx.setMDCAdapter(new LogbackMDCAdapter()); // what logback's SLF4J provider gives its context
            setup.accept(ctx);
            Logger discovery = ctx.getLogger("discovery");
            discovery.info("loaded hello@default in {} ms", 12);
            discovery.debug("dropped: below INFO");
            ctx.getLogger("org.eclipse.jetty.server.Server").info("dropped: Jetty below WARN");
            ctx.getLogger("org.eclipse.jetty.server.Server").warn("Jetty warning");
            ctx.getLogger("access").info("req-1 GET /hello hello@default 200 5 0.120ms");
            ctx.getLogger("io.fnkernel.kernel.Kernel").error("failed", BROKEN);
            ctx.stop(); // the async appender writes out its queue
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(original);
        }
    }
}
