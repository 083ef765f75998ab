package io.zeekpipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Every manifest in k8s/ parses, and its probes, ports and scrape annotations match config/application.properties. */
class KubernetesManifestsTest {

    private static final List<Map<String, Object>> MANIFESTS = new ArrayList<>();
    private static String managementPort;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            properties.load(reader);
        }
        assertEquals("true", properties.getProperty("camel.management.enabled"));
        assertEquals("true", properties.getProperty("camel.management.health-check-enabled"));
        // the probes below use Camel's default health path
        assertNull(properties.getProperty("camel.management.health-path"));
        // {{env:PIPELINE_MANAGEMENT_PORT:9876}}: the port the pod gets when its environment does not name one
        Matcher port = Pattern.compile("\\{\\{env:PIPELINE_MANAGEMENT_PORT:(\\d+)}}")
                .matcher(properties.getProperty("camel.management.port"));
        assertTrue(port.matches(), properties.getProperty("camel.management.port"));
        managementPort = port.group(1);
        assertEquals("9876", managementPort);
        try (Stream<Path> files = Files.list(Path.of("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Load yaml = new Load(LoadSettings.builder().setLabel(file.toString()).build());
                for (Object document : yaml.loadAllFromString(Files.readString(file))) {
                    if (document != null) {
                        MANIFESTS.add((Map<String, Object>) document);
                    }
                }
            }
        }
        // deployment, kustomization, pvc, secret.example, service
        assertEquals(List.of("Deployment", "Kustomization", "PersistentVolumeClaim", "Secret", "Service"),
                MANIFESTS.stream().map(m -> (String) m.get("kind")).toList());
    }

    @Test
    void probesAskTheHealthChecksOnTheManagementPort() {
        Map<String, Object> container =
                only(list(at(manifest("Deployment"), "spec", "template", "spec", "containers")));
        List<Object> ports = list(container.get("ports"));
        Map<String, Object> management = only(ports);
        assertEquals("management", management.get("name"));
        assertEquals(managementPort, String.valueOf(management.get("containerPort")));
        assertEquals("/observe/health/live", at(container, "startupProbe", "httpGet", "path"));
        assertEquals("/observe/health/ready", at(container, "readinessProbe", "httpGet", "path"));
        assertEquals("/observe/health/live", at(container, "livenessProbe", "httpGet", "path"));
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertEquals("management", at(container, probe, "httpGet", "port"), probe);
        }
    }

    @Test
    void serviceAndScrapeAnnotationsUseTheManagementPort() {
        Map<String, Object> service = manifest("Service");
        Map<String, Object> port = only(list(at(service, "spec", "ports")));
        assertEquals(managementPort, String.valueOf(port.get("port")));
        assertEquals("management", port.get("targetPort"));
        assertEquals((Object) at(manifest("Deployment"), "spec", "selector", "matchLabels"),
                at(service, "spec", "selector"));
        for (Map<String, Object> annotated : List.of(service, at(manifest("Deployment"), "spec", "template"))) {
            Map<String, Object> annotations = at(annotated, "metadata", "annotations");
            assertEquals("true", annotations.get("prometheus.io/scrape"));
            assertEquals(managementPort, annotations.get("prometheus.io/port"));
            assertEquals("/observe/metrics", annotations.get("prometheus.io/path"));
        }
    }

    @Test
    void kustomizationAppliesTheService() {
        List<Object> resources = list(manifest("Kustomization").get("resources"));
        assertTrue(resources.contains("service.yaml"), resources.toString());
        for (Object resource : resources) {
            assertTrue(Files.exists(Path.of("k8s", (String) resource)), resource + " is missing");
        }
    }

    private static Map<String, Object> manifest(String kind) {
        List<Map<String, Object>> found = MANIFESTS.stream().filter(m -> kind.equals(m.get("kind"))).toList();
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> node, String... path) {
        Object value = node;
        for (String key : path) {
            assertNotNull(value, String.join(".", path));
            value = ((Map<String, Object>) value).get(key);
        }
        assertNotNull(value, String.join(".", path));
        return (T) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> only(List<Object> items) {
        assertFalse(items.isEmpty());
        assertEquals(1, items.size(), items.toString());
        return (Map<String, Object>) items.get(0);
    }
}
