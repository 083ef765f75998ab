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
 * port-to-service table. Immutable and thread-safe.
 */
public record EnrichmentTables(List<String> localNetworks, Map<Integer, String> portServices) {

    public EnrichmentTables {
        localNetworks = List.copyOf(localNetworks);
        portServices = Map.copyOf(portServices);
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
        Map<Integer, String> services = new HashMap<>();
        ports.fields().forEachRemaining(e -> {
            try {
                services.put(Integer.valueOf(e.getKey()), e.getValue().asText());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(origin + ": port_services key '" + e.getKey()
                        + "' is not a port number", ex);
            }
        });
        return new EnrichmentTables(cidrs, services);
    }
}
