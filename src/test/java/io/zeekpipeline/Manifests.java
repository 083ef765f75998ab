package io.zeekpipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The Kubernetes manifests under k8s/ parsed into maps, with lookups failing the test on a missing node. Stateless. */
final class Manifests {

    /** The folder of the kustomize overlays below k8s/. */
    static final String OVERLAYS = "overlays";

    private Manifests() {
    }

    /**
     * Every YAML document of every *.yaml file under {@code folder} (sub-folders included), by file name, but those
     * under {@value #OVERLAYS}: kustomize overlays patch these manifests and are read with {@link #overlay}.
     */
    static List<Map<String, Object>> load(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return documents(files.filter(f -> !f.startsWith(folder.resolve(OVERLAYS))));
        }
    }

    /** Every YAML document of the *.yaml files of one overlay folder, by file name. */
    static List<Map<String, Object>> overlay(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return documents(files);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Stream<Path> files) throws IOException {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
            Load yaml = new Load(LoadSettings.builder().setLabel(file.toString()).build());
            for (Object document : yaml.loadAllFromString(Files.readString(file))) {
                if (document != null) {
                    manifests.add((Map<String, Object>) document);
                }
            }
        }
        return manifests;
    }

    /** The one manifest of this kind. */
    static Map<String, Object> ofKind(List<Map<String, Object>> manifests, String kind) {
        List<Map<String, Object>> found = manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    /** The value at this path of keys; fails when any step is missing. */
    @SuppressWarnings("unchecked")
    static <T> T at(Map<String, Object> node, String... path) {
        Object value = node;
        for (String key : path) {
            assertNotNull(value, String.join(".", path));
            value = ((Map<String, Object>) value).get(key);
        }
        assertNotNull(value, String.join(".", path));
        return (T) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** The single item of a list (a container, a port). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> only(List<Object> items) {
        assertFalse(items.isEmpty());
        assertEquals(1, items.size(), items.toString());
        return (Map<String, Object>) items.get(0);
    }

    /** The item of a list of maps whose "name" is {@code name}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> named(List<Object> items, String name) {
        List<Map<String, Object>> found = items.stream().map(item -> (Map<String, Object>) item)
                .filter(item -> name.equals(item.get("name"))).toList();
        assertEquals(1, found.size(), name + " in " + items);
        return found.get(0);
    }
}
