package io.zeekpipeline;

import static io.zeekpipeline.Manifests.at;
import static io.zeekpipeline.Manifests.list;
import static io.zeekpipeline.Manifests.named;
import static io.zeekpipeline.Manifests.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * k8s/camel-k/integration.yaml is a valid Camel K Integration (its spec checked against the Integration CRD's
 * schema, bundled in src/test/resources/camel-k) and runs the image with the application's probes, folders and
 * Kafka secret.
 */
class CamelKIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Camel K's syntax of a mount trait resource, configmap|secret:name[/key][@path] (pkg/util/resource/config.go). */
    private static final Pattern RESOURCE = Pattern.compile(
            "^(configmap|secret):([\\w.\\-:]+)(/([\\w.\\-:]+))?(@([\\w.\\-:/]+))?$");

    private static Schema specSchema;
    private static ApplicationLayout layout;
    private static List<Map<String, Object>> manifests;
    private static Map<String, Object> integration;

    @BeforeAll
    static void load() throws IOException {
        layout = ApplicationLayout.read();
        manifests = Manifests.load(Path.of("k8s"));
        integration = Manifests.ofKind(manifests, "Integration");
        JsonNode crd;
        try (InputStream in = CamelKIntegrationTest.class.getResourceAsStream(
                "/camel-k/camel.apache.org_integrations.yaml")) {
            Load yaml = new Load(LoadSettings.builder().build());
            Object document = yaml.loadAllFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .iterator().next();
            crd = JSON.valueToTree(document);
        }
        JsonNode v1 = null;
        for (JsonNode version : crd.at("/spec/versions")) {
            if ("v1".equals(version.path("name").asText())) {
                v1 = version;
            }
        }
        assertNotNull(v1, "the CRD serves camel.apache.org/v1");
        JsonNode spec = v1.at("/schema/openAPIV3Schema/properties/spec");
        assertTrue(spec.has("properties"), "the CRD has a spec schema");
        // OpenAPI 3.0 (nullable and friends) plus Kubernetes' structural-schema annotations, which validate nothing
        Dialect kubernetes = Dialect.builder(Dialects.getOpenApi30())
                .keywords(Stream.of("preserve-unknown-fields", "int-or-string", "list-type", "list-map-keys",
                                "map-type")
                        .map(name -> new AnnotationKeyword("x-kubernetes-" + name)).toList())
                .build();
        specSchema = SchemaRegistry.withDefaultDialect(kubernetes).getSchema(strict(spec.deepCopy()));
    }

    @Test
    void specIsValidForTheIntegrationCrd() {
        assertEquals("camel.apache.org/v1", integration.get("apiVersion"));
        assertEquals(List.of(), messages(validate(integration.get("spec"))));
    }

    @Test
    void aMisspelledTraitOptionOrAWrongTypeFailsTheValidation() {
        // the checks above are not vacuous: the schema catches what the operator would refuse or ignore
        Map<String, Object> misspelled = traitsWith("health", "livenessPath", "/observe/health/live");
        assertEquals(List.of("livenessPath"), validate(misspelled).stream().map(Error::getProperty).toList());
        Map<String, Object> unknownTrait = traitsWith("helth", "enabled", true);
        assertEquals(List.of("helth"), validate(unknownTrait).stream().map(Error::getProperty).toList());
        Map<String, Object> portAsText = traitsWith("health", "livenessPort", "9876");
        assertEquals(List.of("type"), validate(portAsText).stream().map(Error::getKeyword).toList());
        Map<String, Object> badPolicy = traitsWith("container", "imagePullPolicy", "Sometimes");
        assertEquals(List.of("enum"), validate(badPolicy).stream().map(Error::getKeyword).toList());
    }

    @Test
    void runsTheImageOfTheDeployment() {
        Map<String, Object> container = trait("container");
        Map<String, Object> deployment = only(list(at(Manifests.ofKind(manifests, "Deployment"),
                "spec", "template", "spec", "containers")));
        assertEquals(deployment.get("image"), container.get("image"));
        assertEquals(deployment.get("imagePullPolicy"), container.get("imagePullPolicy"));
        assertEquals(at(deployment, "resources", "requests", "cpu"), container.get("requestCPU"));
        assertEquals(at(deployment, "resources", "limits", "memory"), container.get("limitMemory"));
        assertEquals(10001, (Integer) container.get("runAsUser"));
        assertEquals("Recreate", at(trait("deployment"), "strategy"));
        // the heap and JVM flags of the Deployment, since the jvm trait leaves a self-managed image's command alone
        assertEquals(named(list(deployment.get("env")), "JAVA_OPTS").get("value"), environment().get("JAVA_OPTS"));
    }

    @Test
    void probesAskTheHealthChecksOnTheManagementPort() {
        Map<String, Object> health = trait("health");
        assertEquals(true, health.get("enabled"));
        int port = Integer.parseInt(layout.managementPort());
        Map<String, String> paths = Map.of("startup", layout.livePath(), "readiness", layout.readyPath(),
                "liveness", layout.livePath());
        paths.forEach((probe, path) -> {
            assertEquals(true, health.get(probe + "ProbeEnabled"), probe);
            assertEquals(path, health.get(probe + "Probe"), probe);
            assertEquals(port, health.get(probe + "Port"), probe);
        });
        // the prometheus trait's own defaults (port 9876, /observe/metrics) are the application's: nothing to set
        assertEquals(Map.of("enabled", true, "podMonitor", true), trait("prometheus"));
        assertEquals(9876, port);
        assertEquals("/observe/metrics", layout.metricsPath());
    }

    @Test
    void mountsConfigRoutesAndOutputWhereTheApplicationReadsAndWrites() {
        Map<String, Object> mount = trait("mount");
        assertEquals(true, mount.get("hotReload"));
        Map<String, String> pathByConfigMap = new HashMap<>();
        for (Object resource : list(mount.get("resources"))) {
            Matcher parsed = RESOURCE.matcher((String) resource);
            assertTrue(parsed.matches(), resource + " is not Camel K's configmap:NAME@PATH");
            assertEquals("configmap", parsed.group(1));
            assertNull(parsed.group(4), "the whole ConfigMap, not one key: " + resource);
            pathByConfigMap.put(parsed.group(2), parsed.group(6));
        }
        assertEquals(Map.of("zeek-pipeline-config", layout.configDir(), "zeek-pipeline-routes", layout.routesDir()),
                pathByConfigMap);
        assertEquals("/opt/zeek-pipeline/config", layout.configDir());

        Map<String, String> environment = environment();
        String output = layout.imageEnvironment().get("PIPELINE_PARQUET_BASE_PATH");
        assertEquals(output, environment.get("PIPELINE_PARQUET_BASE_PATH"));
        String claim = at(Manifests.ofKind(manifests, "PersistentVolumeClaim"), "metadata", "name");
        assertEquals(List.of(claim + ":" + output), list(mount.get("volumes")));
        String logs = layout.imageEnvironment().get("PIPELINE_LOG_PATH");
        assertEquals(logs, environment.get("PIPELINE_LOG_PATH"));
        assertEquals(List.of("logs:" + logs + ":1Gi", "tmp:/tmp:256Mi"), list(mount.get("emptyDirs")));
    }

    @Test
    void readsTheKafkaSecretOfTheDeployment() {
        String secret = at(Manifests.ofKind(manifests, "Secret"), "metadata", "name");
        assertEquals("secret:" + secret + "/PIPELINE_INPUT_BROKERS", environment().get("PIPELINE_INPUT_BROKERS"));
        Map<String, Object> container = only(list(at(integration, "spec", "template", "spec", "containers")));
        // the container trait's default name, which the pod template is merged into
        assertEquals("integration", container.get("name"));
        assertEquals(secret, at(only(list(container.get("envFrom"))), "secretRef", "name"));
    }

    /** The environment trait's NAME=VALUE variables. */
    private static Map<String, String> environment() {
        return list(at(trait("environment"), "vars")).stream().map(v -> ((String) v).split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    private static Map<String, Object> trait(String name) {
        return at(integration, "spec", "traits", name);
    }

    /** The Integration's spec with one trait option added (a copy: the loaded manifest stays as it is). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> traitsWith(String trait, String option, Object value) {
        Map<String, Object> spec = JSON.convertValue(integration.get("spec"), Map.class);
        ((Map<String, Object>) spec.get("traits")).computeIfAbsent(trait, t -> new HashMap<>());
        ((Map<String, Object>) ((Map<String, Object>) spec.get("traits")).get(trait)).put(option, value);
        return spec;
    }

    private static List<Error> validate(Object spec) {
        return specSchema.validate(JSON.valueToTree(spec));
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }

    /**
     * The schema as the API server applies it with kubectl's default strict field validation: a field the schema
     * does not name is an error, unless the object keeps unknown fields (x-kubernetes-preserve-unknown-fields) or
     * declares additionalProperties. JSON Schema alone would let it through, so a misspelled trait option would
     * pass unnoticed.
     */
    private static JsonNode strict(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                object.put("additionalProperties", false);
            }
            object.path("properties").forEach(CamelKIntegrationTest::strict);
            strict(object.path("items"));
            strict(object.path("additionalProperties"));
            for (String combined : List.of("allOf", "anyOf", "oneOf")) {
                object.path(combined).forEach(CamelKIntegrationTest::strict);
            }
        }
        return schema;
    }
}
