package io.zeekpipeline;

import static io.zeekpipeline.Manifests.at;
import static io.zeekpipeline.Manifests.list;
import static io.zeekpipeline.Manifests.named;
import static io.zeekpipeline.Manifests.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under k8s/ parses, and the plain Kubernetes ones (Deployment, Service, PodDisruptionBudget,
 * ServiceMonitor, kustomization) use the ports, probe paths and folders the application and its image use; the
 * scaled overlay patches the base's own objects and scales on the application's consumer group.
 */
class KubernetesManifestsTest {

    private static final Path SCALED = Path.of("k8s", Manifests.OVERLAYS, "scaled");
    private static final String PARTITIONS_ANNOTATION = "zeek-pipeline/input-partitions";

    private static List<Map<String, Object>> manifests;
    private static List<Map<String, Object>> scaled;
    private static ApplicationLayout layout;

    @BeforeAll
    static void load() throws IOException {
        layout = ApplicationLayout.read();
        assertEquals("9876", layout.managementPort());
        manifests = Manifests.load(Path.of("k8s"));
        // camel-k/integration, deployment, kustomization, monitoring/servicemonitor, pdb, pvc, secret.example, service
        assertEquals(List.of("Integration", "Deployment", "Kustomization", "ServiceMonitor", "PodDisruptionBudget",
                        "PersistentVolumeClaim", "Secret", "Service"),
                manifests.stream().map(m -> (String) m.get("kind")).toList());
        scaled = Manifests.overlay(SCALED);
        // deployment-patch, kustomization, scaledobject, triggerauthentication.example (two documents)
        assertEquals(List.of("Deployment", "Kustomization", "ScaledObject", "Secret", "TriggerAuthentication"),
                scaled.stream().map(m -> (String) m.get("kind")).toList());
    }

    @Test
    void probesAskTheHealthChecksOnTheManagementPort() {
        Map<String, Object> container = container();
        Map<String, Object> management = only(list(container.get("ports")));
        assertEquals("management", management.get("name"));
        assertEquals(layout.managementPort(), String.valueOf(management.get("containerPort")));
        assertEquals("/observe/health/live", layout.livePath());
        assertEquals(layout.livePath(), at(container, "startupProbe", "httpGet", "path"));
        assertEquals(layout.readyPath(), at(container, "readinessProbe", "httpGet", "path"));
        assertEquals(layout.livePath(), at(container, "livenessProbe", "httpGet", "path"));
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertEquals("management", at(container, probe, "httpGet", "port"), probe);
        }
        assertEquals(List.of(layout.managementPort()), layout.imageExposedPorts());
    }

    @Test
    void serviceScrapeAnnotationsAndServiceMonitorUseTheManagementPort() {
        Map<String, Object> service = manifest("Service");
        Map<String, Object> port = only(list(at(service, "spec", "ports")));
        assertEquals(layout.managementPort(), String.valueOf(port.get("port")));
        assertEquals("management", port.get("targetPort"));
        assertEquals((Object) podLabels(), at(service, "spec", "selector"));
        assertEquals("/observe/metrics", layout.metricsPath());
        for (Map<String, Object> annotated : List.of(service, at(manifest("Deployment"), "spec", "template"))) {
            Map<String, Object> annotations = at(annotated, "metadata", "annotations");
            assertEquals("true", annotations.get("prometheus.io/scrape"));
            assertEquals(layout.managementPort(), annotations.get("prometheus.io/port"));
            assertEquals(layout.metricsPath(), annotations.get("prometheus.io/path"));
        }
        Map<String, Object> monitor = manifest("ServiceMonitor");
        assertEquals("monitoring.coreos.com/v1", monitor.get("apiVersion"));
        Map<String, Object> labels = at(service, "metadata", "labels");
        Map<String, Object> selected = at(monitor, "spec", "selector", "matchLabels");
        assertTrue(labels.entrySet().containsAll(selected.entrySet()), selected + " selects " + labels);
        Map<String, Object> endpoint = only(list(at(monitor, "spec", "endpoints")));
        assertEquals(port.get("name"), endpoint.get("port"));
        assertEquals(layout.metricsPath(), endpoint.get("path"));
    }

    @Test
    void mountsAreWhereTheApplicationAndTheImageReadAndWrite() {
        Map<String, Object> container = container();
        List<Object> mounts = list(container.get("volumeMounts"));
        assertEquals("/opt/zeek-pipeline", layout.workDir());
        assertEquals(layout.configDir(), named(mounts, "config").get("mountPath"));
        assertEquals(layout.routesDir(), named(mounts, "routes").get("mountPath"));
        // the output and log folders: the image's defaults, repeated in the pod's environment, are the mounts
        List<Object> env = list(container.get("env"));
        for (String[] folder : List.of(new String[] {"output", "PIPELINE_PARQUET_BASE_PATH", "/data/output"},
                new String[] {"logs", "PIPELINE_LOG_PATH", "/var/log/zeek-pipeline"})) {
            assertEquals(folder[2], layout.imageEnvironment().get(folder[1]), folder[1]);
            assertEquals(folder[2], named(env, folder[1]).get("value"), folder[1]);
            assertEquals(folder[2], named(mounts, folder[0]).get("mountPath"), folder[0]);
            assertTrue(layout.imageVolumes().contains(folder[2]), layout.imageVolumes().toString());
        }

        List<Object> volumes = list(at(manifest("Deployment"), "spec", "template", "spec", "volumes"));
        assertEquals((Object) at(manifest("PersistentVolumeClaim"), "metadata", "name"),
                at(named(volumes, "output"), "persistentVolumeClaim", "claimName"));
        Set<Object> generated = list(at(manifest("Kustomization"), "configMapGenerator")).stream()
                .map(generator -> ((Map<?, ?>) generator).get("name")).collect(Collectors.toSet());
        assertEquals(Set.of("zeek-pipeline-config", "zeek-pipeline-routes"), generated);
        assertEquals("zeek-pipeline-config", at(named(volumes, "config"), "configMap", "name"));
        assertEquals("zeek-pipeline-routes", at(named(volumes, "routes"), "configMap", "name"));
        // the Kafka secret the pod reads is the one secret.example.yaml describes
        assertEquals((Object) at(manifest("Secret"), "metadata", "name"),
                at(only(list(container.get("envFrom"))), "secretRef", "name"));
    }

    @Test
    void generatedConfigMapsHoldEveryConfigFileAndEveryRoute() throws IOException {
        List<Object> generators = list(at(manifest("Kustomization"), "configMapGenerator"));
        assertEquals(filesOf("config", "*"), Set.copyOf(list(at(named(generators, "zeek-pipeline-config"), "files"))));
        // the application loads routes/*.camel.yaml; a route file missing here is missing in the pod
        assertEquals(filesOf("routes", "*.camel.yaml"),
                Set.copyOf(list(at(named(generators, "zeek-pipeline-routes"), "files"))));
    }

    @Test
    void kustomizationAppliesTheServiceAndTheBudgetButNotTheServiceMonitor() {
        List<Object> resources = list(manifest("Kustomization").get("resources"));
        assertTrue(resources.containsAll(List.of("deployment.yaml", "service.yaml", "pdb.yaml")), resources.toString());
        // its CRD may be missing: applied on its own (k8s/README.md)
        assertFalse(resources.stream().anyMatch(r -> ((String) r).contains("servicemonitor")), resources.toString());
        for (Object resource : resources) {
            assertTrue(Files.exists(Path.of("k8s", (String) resource)), resource + " is missing");
        }
    }

    @Test
    void disruptionBudgetCoversThePodsWithoutBlockingADrain() {
        Map<String, Object> budget = manifest("PodDisruptionBudget");
        assertEquals("policy/v1", budget.get("apiVersion"));
        assertEquals(podLabels(), at(budget, "spec", "selector", "matchLabels"));
        // one replica: minAvailable 1 would never let a drain evict it
        assertEquals(1, (Integer) at(manifest("Deployment"), "spec", "replicas"));
        assertEquals(1, (Integer) at(budget, "spec", "maxUnavailable"));
        assertFalse(((Map<?, ?>) budget.get("spec")).containsKey("minAvailable"));
    }

    @Test
    void scaledOverlayTakesTheBasesFilesButTheVolumeClaimAndNamesEveryFileOfItsFolder() throws IOException {
        Map<String, Object> base = manifest("Kustomization");
        Map<String, Object> overlay = Manifests.ofKind(scaled, "Kustomization");
        // the base's files one by one (kustomize refuses ../../ as a whole: it holds this folder)
        List<Object> expected = new ArrayList<>();
        for (Object resource : list(base.get("resources"))) {
            if (!resource.equals("pvc.yaml")) {
                expected.add("../../" + resource);
            }
        }
        expected.add("scaledobject.yaml");
        assertEquals(expected, list(overlay.get("resources")));
        assertEquals(relocated(list(base.get("configMapGenerator"))), overlay.get("configMapGenerator"));
        assertEquals(base.get("images"), overlay.get("images"));

        Set<String> named = new TreeSet<>();
        for (Object resource : list(overlay.get("resources"))) {
            Path path = SCALED.resolve((String) resource).normalize();
            assertTrue(Files.isRegularFile(path), resource + " is missing");
            named.add(path.toString());
        }
        for (Object patch : list(overlay.get("patches"))) {
            Path path = SCALED.resolve((String) ((Map<?, ?>) patch).get("path"));
            assertTrue(Files.isRegularFile(path), patch + " is missing");
            named.add(path.toString());
        }
        // the rest of the folder: the kustomization itself and an example applied by hand, as the base's secret
        try (Stream<Path> files = Files.list(SCALED)) {
            Set<String> unnamed = files.filter(file -> !named.contains(file.toString()))
                    .map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of("kustomization.yaml", "triggerauthentication.example.yaml"), unnamed);
        }
    }

    @Test
    void scaledDeploymentRollsReplicasWritingToS3WithoutTheVolume() {
        Map<String, Object> patch = Manifests.ofKind(scaled, "Deployment");
        assertEquals((Object) at(manifest("Deployment"), "metadata", "name"), at(patch, "metadata", "name"));
        assertTrue((Integer) at(patch, "spec", "replicas") > 1);
        assertEquals("RollingUpdate", at(patch, "spec", "strategy", "type"));
        // a new pod joins the group before an old one leaves it
        assertEquals(0, (Integer) at(patch, "spec", "strategy", "rollingUpdate", "maxUnavailable"));
        Map<String, Object> container = only(list(at(patch, "spec", "template", "spec", "containers")));
        assertEquals(container().get("name"), container.get("name"));
        List<Object> env = list(container.get("env"));
        String basePath = (String) named(env, "PIPELINE_PARQUET_BASE_PATH").get("value");
        assertTrue(basePath.startsWith("s3a://"), basePath);
        // the pod starts without the S3 secret: the credentials then come from the rest of S3A's chain
        for (Object variable : env) {
            Map<?, ?> source = (Map<?, ?>) variable;
            if (source.containsKey("valueFrom")) {
                assertEquals(true, ((Map<?, ?>) ((Map<?, ?>) source.get("valueFrom")).get("secretKeyRef"))
                        .get("optional"), source.toString());
            }
        }

        // the output volume and its mount are deleted (the claim is left out); the other volumes are the base's
        Map<String, Object> mount = only(list(container.get("volumeMounts")));
        assertEquals("delete", mount.get("$patch"));
        assertEquals(named(list(container().get("volumeMounts")), "output").get("mountPath"), mount.get("mountPath"));
        List<Object> baseVolumes = list(at(manifest("Deployment"), "spec", "template", "spec", "volumes"));
        for (Object volume : list(at(patch, "spec", "template", "spec", "volumes"))) {
            named(baseVolumes, (String) ((Map<?, ?>) volume).get("name"));
        }
        assertEquals("delete", named(list(at(patch, "spec", "template", "spec", "volumes")), "output").get("$patch"));
    }

    @Test
    void scaledObjectScalesTheDeploymentOnTheApplicationsGroupUpToAConsumerPerPartition() throws IOException {
        Map<String, Object> scaler = Manifests.ofKind(scaled, "ScaledObject");
        assertEquals("keda.sh/v1alpha1", scaler.get("apiVersion"));
        assertEquals((Object) at(manifest("Deployment"), "metadata", "name"),
                at(scaler, "spec", "scaleTargetRef", "name"));
        Map<String, Object> trigger = only(list(at(scaler, "spec", "triggers")));
        assertEquals("kafka", trigger.get("type"));
        Map<String, Object> metadata = at(trigger, "metadata");
        // KEDA reads every trigger setting as a string
        metadata.forEach((key, value) -> assertTrue(value instanceof String, key + ": " + value));
        Properties defaults = applicationProperties();
        assertEquals(defaults.getProperty("pipeline.input.group-id"), metadata.get("consumerGroup"));
        assertEquals(defaults.getProperty("pipeline.input.topic"), metadata.get("topic"));
        assertEquals(defaults.getProperty("pipeline.input.auto-offset-reset"), metadata.get("offsetResetPolicy"));
        // the broker list is the pod's own
        List<Object> env = list(container().get("env"));
        assertEquals("PIPELINE_INPUT_BROKERS", metadata.get("bootstrapServersFromEnv"));
        named(env, "PIPELINE_INPUT_BROKERS");
        assertTrue(Long.parseLong((String) metadata.get("lagThreshold")) > 0);

        // from the Deployment's replicas up to as many pods as the partitions have consumers for
        int min = at(scaler, "spec", "minReplicaCount");
        int max = at(scaler, "spec", "maxReplicaCount");
        assertEquals((Object) at(Manifests.ofKind(scaled, "Deployment"), "spec", "replicas"), min);
        int consumersPerPod = Integer.parseInt((String) named(env, "PIPELINE_INPUT_CONSUMERS").get("value"));
        int partitions = Integer.parseInt(at(scaler, "metadata", "annotations", PARTITIONS_ANNOTATION));
        assertEquals(partitions / consumersPerPod, max);
        assertTrue(max * consumersPerPod <= partitions && min <= max, min + ".." + max + " pods of "
                + consumersPerPod + " consumers for " + partitions + " partitions");
        // the base's budget, kept: a drain takes one pod at a time and always leaves some consuming
        assertEquals(1, (Integer) at(manifest("PodDisruptionBudget"), "spec", "maxUnavailable"));
        assertTrue(min > 1, "minReplicaCount " + min);
    }

    @Test
    void triggerAuthenticationExampleReadsItsOwnSecret() {
        String secret = at(Manifests.ofKind(scaled, "Secret"), "metadata", "name");
        List<Object> references = list(at(Manifests.ofKind(scaled, "TriggerAuthentication"), "spec",
                "secretTargetRef"));
        Set<Object> parameters = new TreeSet<>();
        for (Object reference : references) {
            assertEquals(secret, ((Map<?, ?>) reference).get("name"));
            parameters.add(((Map<?, ?>) reference).get("parameter"));
        }
        assertTrue(parameters.containsAll(List.of("sasl", "username", "password")), parameters.toString());
    }

    /** The base's configMapGenerator as the overlay, two folders further down, must write it. */
    @SuppressWarnings("unchecked")
    private static List<Object> relocated(List<Object> generators) {
        List<Object> moved = new ArrayList<>();
        for (Object generator : generators) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) generator);
            copy.put("files", list(copy.get("files")).stream().map(file -> "../../" + file).toList());
            moved.add(copy);
        }
        return moved;
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    private static Map<String, Object> container() {
        return only(list(at(manifest("Deployment"), "spec", "template", "spec", "containers")));
    }

    private static Map<String, Object> podLabels() {
        Map<String, Object> selector = at(manifest("Deployment"), "spec", "selector", "matchLabels");
        assertEquals(selector, at(manifest("Deployment"), "spec", "template", "metadata", "labels"));
        return selector;
    }

    private static Map<String, Object> manifest(String kind) {
        return Manifests.ofKind(manifests, kind);
    }

    /** The regular files of a repository folder matching a glob, as kustomization.yaml names them. */
    private static Set<Object> filesOf(String folder, String glob) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            PathMatcher matcher = Path.of(folder).getFileSystem().getPathMatcher("glob:" + glob);
            return files.filter(Files::isRegularFile).filter(f -> matcher.matches(f.getFileName()))
                    .map(f -> "../" + folder + "/" + f.getFileName()).collect(Collectors.toSet());
        }
    }
}
