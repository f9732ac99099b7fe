package io.fnkernel.kernel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.hook.DefaultShutdownHook;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.util.ContextUtil;

/**
 * Sets up the shipped log formats in code, exactly as {@code logback-text.xml} and
 * {@code logback-json.xml} describe them: reading those files with logback's XML configurator costs
 * half a second of start-up on a small machine. {@link Logging} selects this only while the
 * distribution's files are unchanged; an edited file is read as XML.
 */
public final class BuiltInLogging extends ContextAwareBase implements Configurator {

    /** System property naming the built-in format to set up: {@code text} or {@code json}; absent, this does nothing. */
    static final String FORMAT_PROPERTY = "fnk.log.format";
    /** The line of {@code logback-text.xml}. */
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %-10logger{0} %msg%n%ex{short}";
    /** Lines the writer thread may have queued; past 80 % INFO lines are dropped, as in the XML files. */
    static final int QUEUE_SIZE = BatchingConsoleAppender.DEFAULT_QUEUE_SIZE;

    /** For logback's service loader. */
    public BuiltInLogging() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String format = System.getProperty(FORMAT_PROPERTY);
        if (format == null || System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.NEUTRAL;
        }
        apply(context, "json".equals(format));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Configures the context the way the shipped XML file of the format does.
     *
     * @param context a logger context without appenders
     * @param json true for one JSON object per line, false for human-readable lines
     */
    static void apply(LoggerContext context, boolean json) {
        context.getStatusManager().add(new NopStatusListener());
        DefaultShutdownHook hook = new DefaultShutdownHook();
        hook.setContext(context);
        new ContextUtil(context).addOrReplaceShutdownHook(hook);

        BatchingConsoleAppender console = new BatchingConsoleAppender();
        console.setContext(context);
        console.setName("console");
        console.setQueueSize(QUEUE_SIZE);
        console.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
        console.start();

        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("access").setLevel(Level.INFO);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern(TEXT_PATTERN);
        e.start();
        return e;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder e = new JsonEncoder();
        e.setContext(context);
        e.setWithSequenceNumber(false);
        e.setWithNanoseconds(false);
        e.setWithContext(false);
        e.setWithMDC(false);
        e.setWithKVPList(false);
        e.setWithFormattedMessage(true);
        e.start();
        return e;
    }
}
