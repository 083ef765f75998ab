package io.zeekpipeline.enrich;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The data behind network enrichment, read from enrichment.json: local networks (CIDRs) and the
 * service table. Immutable and thread-safe.
 */
public record EnrichmentTables(List<String> localNetworks, ServiceTable services) {

    public EnrichmentTables {
        localNetworks = List.copyOf(localNetworks);
    }

    public static EnrichmentTables load(InputStream json, String origin, ObjectMapper mapper) throws IOException {
        JsonNode root = mapper.readTree(json);
        JsonNode networks = root == null ? null : root.get("local_networks");
        JsonNode ports = root == null ? null : root.get("port_services");
        if (networks == null || !networks.isArray() || ports == null || !ports.isObject()) {
            throw new IllegalArgumentException(origin
                    + ": needs a 'local_networks' array and a 'port_services' object");
        }
        List<String> cidrs = new ArrayList<>();
        networks.forEach(n -> cidrs.add(n.asText()));
        try {
            // a bad network stops the start here, naming the file, not later in the enricher
            new NetworkClassifier(cidrs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": local_networks: " + e.getMessage(), e);
        }
        JsonNode logTypes = root.path("log_type_services");
        if (!logTypes.isMissingNode() && !logTypes.isObject()) {
            throw new IllegalArgumentException(origin + ": 'log_type_services' must be an object");
        }
        try {
            return new EnrichmentTables(cidrs, ServiceTable.of(texts(ports), texts(logTypes)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> texts(JsonNode object) {
        Map<String, String> texts = new HashMap<>();
        object.fields().forEachRemaining(e -> texts.put(e.getKey(), e.getValue().asText()));
        return texts;
    }
}
