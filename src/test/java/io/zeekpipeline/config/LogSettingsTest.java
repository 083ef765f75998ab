package io.zeekpipeline.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LogConfigurator's pipeline.log, with what LogSettings hands it, rolls by size and keeps a bounded number of files.
 */
class LogSettingsTest {

    @TempDir
    Path logs;

    @AfterEach
    void clearLogProperties() {
        for (String name : new String[] {"path", "max-file-mb", "max-files"}) {
            System.clearProperty("zeekpipeline.log." + name);
        }
    }

    @Test
    void rollsPipelineLogAtTheConfiguredSizeAndKeepsTheConfiguredNumberOfFiles() throws Exception {
        LogSettings.apply(Map.of("pipeline.log.path", logs.toString()), properties("""
                pipeline.log.max-file-mb=7
                pipeline.log.max-files=3
                """));

        RollingFileAppender<ILoggingEvent> file = LogConfigurator.fileAppender(new LoggerContext());
        try {
            assertTrue(file.isStarted());
            assertEquals(logs.resolve("pipeline.log").toString(), file.getFile());
            FixedWindowRollingPolicy rolling =
                    assertInstanceOf(FixedWindowRollingPolicy.class, file.getRollingPolicy());
            assertEquals(logs.resolve("pipeline.%i.log").toString(), rolling.getFileNamePattern());
            assertEquals(1, rolling.getMinIndex());
            assertEquals(3, rolling.getMaxIndex());
            assertEquals(7L * 1024 * 1024, assertInstanceOf(SizeBasedTriggeringPolicy.class,
                    file.getTriggeringPolicy()).getMaxFileSize().getSize());
        } finally {
            file.stop();
        }
    }

    @Test
    void defaultsTo100MibFilesAndFiveOldOnes() throws Exception {
        LogSettings.apply(Map.of("pipeline.log.path", logs.toString()), properties(""));

        RollingFileAppender<ILoggingEvent> file = LogConfigurator.fileAppender(new LoggerContext());
        try {
            assertEquals(100L * 1024 * 1024, assertInstanceOf(SizeBasedTriggeringPolicy.class,
                    file.getTriggeringPolicy()).getMaxFileSize().getSize());
            assertEquals(5, assertInstanceOf(FixedWindowRollingPolicy.class, file.getRollingPolicy()).getMaxIndex());
        } finally {
            file.stop();
        }
    }

    @Test
    void theNewestOldFileIsPipeline1AndNoMoreThanMaxFilesAreKept() throws IOException {
        LogSettings.apply(Map.of("pipeline.log.path", logs.toString()), properties("""
                pipeline.log.max-file-mb=1
                pipeline.log.max-files=2
                """));
        LoggerContext context = new LoggerContext();
        // what logback's slf4j binding gives its own context
        context.setMDCAdapter(new LogbackMDCAdapter());
        RollingFileAppender<ILoggingEvent> file = LogConfigurator.fileAppender(context);
        try {
            for (int round = 1; round <= 3; round++) {
                // one line past 1 MiB: the size is looked at before a line is written, so it rolls at the next one
                file.doAppend(event(context, "round " + round + " " + "x".repeat(1_100_000)));
                file.doAppend(event(context, "after round " + round));
            }
        } finally {
            file.stop();
        }

        assertTrue(Files.readString(logs.resolve("pipeline.log")).contains("after round 3"));
        assertTrue(Files.readString(logs.resolve("pipeline.1.log")).contains("round 3 x"));
        assertTrue(Files.readString(logs.resolve("pipeline.2.log")).contains("round 2 x"));
        assertFalse(Files.exists(logs.resolve("pipeline.3.log")));
    }

    @Test
    void aLogbackTestXmlOnTheClassPathWins() {
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new LogConfigurator().configure(new LoggerContext()));
    }

    private static ILoggingEvent event(LoggerContext context, String message) {
        return new LoggingEvent(LogSettingsTest.class.getName(), context.getLogger("test"), Level.INFO, message, null,
                null);
    }

    private static Properties properties(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }
}
