package io.zeekpipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.main.MainConfigurationProperties;

/**
 * Where the application listens and reads, as its own files say (config/application.properties, Camel's defaults,
 * the Dockerfile's runtime stage): what the deployment manifests must agree with. Immutable.
 */
record ApplicationLayout(String managementPort, String healthPath, String metricsPath, String workDir,
        Map<String, String> imageEnvironment, List<String> imageExposedPorts, List<String> imageVolumes) {

    /** Reads the layout from the repository's files (tests run in the repository top). */
    static ApplicationLayout read() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            properties.load(reader);
        }
        assertEquals("true", properties.getProperty("camel.management.enabled"));
        assertEquals("true", properties.getProperty("camel.management.health-check-enabled"));
        // the manifests use Camel's default health path
        assertNull(properties.getProperty("camel.management.health-path"));
        // {{env:PIPELINE_MANAGEMENT_PORT:9876}}: the port the pod gets when its environment does not name one
        Matcher port = Pattern.compile("\\{\\{env:PIPELINE_MANAGEMENT_PORT:(\\d+)}}")
                .matcher(properties.getProperty("camel.management.port"));
        assertTrue(port.matches(), properties.getProperty("camel.management.port"));
        String healthPath = new MainConfigurationProperties().httpManagementServer().getHealthPath();

        // the runtime stage: everything after the last FROM, continuation lines joined
        String dockerfile = Files.readString(Path.of("Dockerfile")).replace("\\\n", " ");
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        List<String> workDirs = Pattern.compile("(?m)^WORKDIR\\s+(\\S+)").matcher(runtime).results()
                .map(m -> m.group(1)).toList();
        assertEquals(1, workDirs.size(), workDirs.toString());
        Map<String, String> environment = new HashMap<>();
        Pattern.compile("(?m)^ENV\\s+(.*)$").matcher(runtime).results().forEach(env ->
                Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(env.group(1)).results()
                        .forEach(pair -> environment.put(pair.group(1), pair.group(2).replace("\"", ""))));
        return new ApplicationLayout(port.group(1), healthPath, properties.getProperty("camel.metrics.path"),
                workDirs.get(0), Map.copyOf(environment), instructionWords(runtime, "EXPOSE"),
                instructionWords(runtime, "VOLUME"));
    }

    /** The words of every such instruction of the stage, without JSON-array brackets and quotes. */
    private static List<String> instructionWords(String stage, String instruction) {
        return Pattern.compile("(?m)^" + instruction + "\\s+(.*)$").matcher(stage).results()
                .flatMap(m -> Arrays.stream(m.group(1).replaceAll("[\\[\\]\",]", " ").trim().split("\\s+")))
                .toList();
    }

    /** The folder the application reads its settings and data files from: ./config of the working directory. */
    String configDir() {
        return workDir + "/config";
    }

    /** The folder the application loads its YAML routes from: ./routes of the working directory. */
    String routesDir() {
        return workDir + "/routes";
    }

    String livePath() {
        return healthPath + "/live";
    }

    String readyPath() {
        return healthPath + "/ready";
    }
}
