package io.zeekpipeline;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.zeekpipeline.testkit.RunningPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The real application refuses to start on bad settings and bad data files, with one line that names them. */
class StartupMistakesTest {

    @TempDir
    Path work;

    @Test
    void reportsEveryBadSettingTogetherWithItsValueAndSource() throws Exception {
        Map<String, String> overrides = settings();
        overrides.put("pipeline.input.max-message-bytes", "abc");
        overrides.put("pipeline.input.auto-offset-reset", "newest");
        overrides.put("pipeline.output.linger-ms", "-1");
        System.setProperty("pipeline.parquet.compression", "lzo4");
        String message;
        try {
            message = startFailure(overrides);
        } finally {
            System.clearProperty("pipeline.parquet.compression");
        }

        assertEquals(1, message.lines().count(), message);
        for (String problem : new String[] {
            "pipeline.input.max-message-bytes='abc' (config.json) must be a whole number from 1 to 2147483647",
            "pipeline.input.auto-offset-reset='newest' (config.json) must be one of earliest, latest",
            "pipeline.output.linger-ms='-1' (config.json) must be a whole number from 0 to 2147483647",
            "pipeline.parquet.compression='lzo4' (system property -Dpipeline.parquet.compression) must be one of "
            + "snappy, zstd, gzip, uncompressed"}) {
            assertTrue(message.contains(problem), () -> "'" + message + "' lacks: " + problem);
        }
    }

    @Test
    void namesFileLineAndColumnOfADataFileThatIsNotJson() throws Exception {
        Path schema = Files.writeString(work.resolve("schema.json"),
                "{\n  \"zeek_conn\": {\"fields\": {\"ts\": \"time\",}}\n}\n");
        Map<String, String> overrides = settings();
        overrides.put("pipeline.config-dir", work.toString());

        String message = startFailure(overrides);

        assertTrue(message.startsWith(schema + ":2:41: invalid JSON: "), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void namesTheFileOfABadLocalNetwork() throws Exception {
        Path enrichment = Files.writeString(work.resolve("enrichment.json"),
                "{\"local_networks\": [\"10.0.0.0/8\", \"10.0.0.0/33\"], \"port_services\": {\"22\": \"ssh\"}}");
        Map<String, String> overrides = settings();
        overrides.put("pipeline.config-dir", work.toString());

        assertEquals(enrichment + ": local_networks: '10.0.0.0/33' has an invalid prefix length",
                startFailure(overrides));
    }

    @Test
    void namesTheManagementPortAnotherProcessHolds() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            Map<String, String> overrides = settings();
            overrides.put(RunningPipeline.MANAGEMENT_PORT, String.valueOf(busy.getLocalPort()));

            assertEquals("camel.management.port " + busy.getLocalPort() + " is in use", startFailure(overrides));
        }
    }

    @Test
    void namesAManagementPortThatIsNoPortNumber() throws Exception {
        Map<String, String> overrides = settings();
        overrides.put(RunningPipeline.MANAGEMENT_PORT, "98760");

        assertEquals("camel.management.port='98760' must be a port number from 0 to 65535", startFailure(overrides));
    }

    @Test
    void namesTheGeoipDatabaseThatCannotBeOpened() throws Exception {
        Path notADatabase = Files.writeString(work.resolve("GeoLite2-City.mmdb"), "not a database");
        Map<String, String> overrides = settings();
        overrides.put("pipeline.enrich.geoip.city-database", notADatabase.toString());

        String message = startFailure(overrides);

        assertTrue(message.startsWith("pipeline.enrich.geoip: cannot open MaxMind database '" + notADatabase + "': "),
                message);
        assertEquals(1, message.lines().count(), message);
    }

    /** Settings that would start: a broker port nothing listens on, output in the test's folder. */
    private Map<String, String> settings() throws IOException {
        Map<String, String> settings = new HashMap<>();
        try (ServerSocket socket = new ServerSocket(0)) {
            settings.put("pipeline.input.brokers", "localhost:" + socket.getLocalPort());
        }
        settings.put("pipeline.parquet.base-path", work.resolve("out").toString());
        return settings;
    }

    /** The message of the innermost cause of the failed start, the one the user's mistake made. */
    private static String startFailure(Map<String, String> overrides) {
        try (RunningPipeline pipeline = RunningPipeline.start(overrides)) {
            return fail("started despite the mistake");
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getMessage() != null
                   && !cause.getClass().getSimpleName().equals("InvalidConfigurationException")) {
                cause = cause.getCause();
            }
            return cause.getMessage();
        }
    }
}
