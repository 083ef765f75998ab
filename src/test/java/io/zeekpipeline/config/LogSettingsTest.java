package io.zeekpipeline.config;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The shipped log4j2.xml, loaded with what LogSettings hands it, rolls pipeline.log by size and keeps a bounded number.
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

        RollingFileAppender file = shippedFileAppender();
        assertEquals(logs.resolve("pipeline.log").toString(), file.getFileName());
        assertEquals(logs.resolve("pipeline.%i.log").toString(), file.getFilePattern());
        assertEquals(7L * 1024 * 1024,
                assertInstanceOf(SizeBasedTriggeringPolicy.class, file.getTriggeringPolicy()).getMaxFileSize());
        assertEquals(3, assertInstanceOf(DefaultRolloverStrategy.class, file.getManager().getRolloverStrategy())
                .getMaxIndex());
    }

    @Test
    void defaultsTo100MibFilesAndFiveOldOnes() throws Exception {
        LogSettings.apply(Map.of("pipeline.log.path", logs.toString()), properties(""));

        RollingFileAppender file = shippedFileAppender();
        assertEquals(100L * 1024 * 1024,
                assertInstanceOf(SizeBasedTriggeringPolicy.class, file.getTriggeringPolicy()).getMaxFileSize());
        assertEquals(5, assertInstanceOf(DefaultRolloverStrategy.class, file.getManager().getRolloverStrategy())
                .getMaxIndex());
    }

    private static Properties properties(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    /**
     * The "file" appender of src/main/resources/log4j2.xml, in a logger context of its own (tests log through
     * log4j2-test.xml).
     */
    private static RollingFileAppender shippedFileAppender() throws URISyntaxException {
        LoggerContext context = new LoggerContext("log-settings-test", null,
                LogSettingsTest.class.getResource("/log4j2.xml").toURI());
        context.start();
        try {
            return assertInstanceOf(RollingFileAppender.class, context.getConfiguration().getAppender("file"));
        } finally {
            context.stop();
        }
    }
}
