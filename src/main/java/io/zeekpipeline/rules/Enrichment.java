package io.zeekpipeline.rules;

/** An enrichment a log type's rule switches on or off, by its key in normalization.json's {@code enrich}. */
public enum Enrichment {
    /** Event-time parts in UTC. */
    TIME("time"),
    /** Local/remote class of both ends and the direction. */
    NETWORK("network"),
    /** The service: Zeek's own, else the port table's. */
    SERVICE("service"),
    /** The Community ID v1 of the flow. */
    COMMUNITY_ID("community_id"),
    /** Country, city, location and AS of the public ends (when MaxMind databases are configured). */
    GEO("geo");

    private final String key;

    Enrichment(String key) {
        this.key = key;
    }

    /** The key in normalization.json's {@code enrich} object. */
    public String key() {
        return key;
    }
}
