package io.zeekpipeline.config;

import java.nio.file.Path;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;

/**
 * The pipeline's logging, set up by logback at the first logger: lines as the seed wrote them (TIMESTAMP | LEVEL |
 * COMPONENT | MESSAGE) to the console (standard error) and to {@code <pipeline.log.path>/pipeline.log}, rolled
 * over at {@code pipeline.log.max-file-mb} MiB into pipeline.1.log (newest) ... pipeline.{@code <max-files>}.log,
 * with the values {@link LogSettings} set. Made in code rather than read from a logback.xml: parsing one took ~75 ms
 * of every start on the build machine (log4j2 with the same setup: ~215 ms more). A logback-test.xml on the class
 * path or a {@code logback.configurationFile} property wins over it, as in logback's own order. Used once, by
 * logback's initialization.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss'Z', UTC} | %-5level | %logger{0} | %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
                || LogConfigurator.class.getClassLoader().getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder(context));
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        RollingFileAppender<ILoggingEvent> file = fileAppender(context);
        if (file.isStarted()) {
            root.addAppender(file);
        } else {
            context.getLogger("startup").warn("cannot write {}: logging to the console only | check pipeline.log.path",
                    file.getFile());
        }
        context.getLogger("org.apache.kafka").setLevel(Level.WARN);
        // one warning per connection attempt while a broker is down (hundreds a minute); the pipeline reports an
        // unreachable broker itself, once (BrokerCheck)
        context.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(Level.ERROR);
        context.getLogger("org.apache.hadoop").setLevel(Level.WARN);
        // S3A looks for a Hadoop metrics file at each start and warns that there is none: the pipeline has its own
        context.getLogger("org.apache.hadoop.metrics2.impl.MetricsConfig").setLevel(Level.ERROR);
        context.getLogger("org.apache.parquet").setLevel(Level.WARN);
        // logback's own errors from here on (a file it cannot roll over, say) in one line each; a listener also
        // keeps logback from printing its whole status list, stack traces included, for the unwritable file above
        context.getStatusManager().add(status -> {
            if (status.getLevel() == Status.ERROR) {
                System.err.println("logging: " + status.getMessage()
                                   + (status.getThrowable() == null ? "" : ": " + status.getThrowable()));
            }
        });
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The pipeline.log appender, started unless its file cannot be written. */
    static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext context) {
        Path folder = Path.of(System.getProperty(LogSettings.systemProperty("pipeline.log.path"), "./log"));
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("file");
        file.setFile(folder.resolve("pipeline.log").toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(folder.resolve("pipeline.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(Integer.getInteger(LogSettings.systemProperty("pipeline.log.max-files"), 5));
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
        size.setContext(context);
        int maxFileMb = Integer.getInteger(LogSettings.systemProperty("pipeline.log.max-file-mb"), 100);
        size.setMaxFileSize(new FileSize(maxFileMb * 1024L * 1024));
        // the size at every line (logback's default: once a minute), so no file grows past it; lines are few, as
        // nothing logs per record unthrottled
        size.setCheckIncrement(Duration.buildByMilliseconds(0));
        size.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(size);
        file.setEncoder(encoder(context));
        file.start();
        return file;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
