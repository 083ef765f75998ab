package io.zeekpipeline.event;

import io.zeekpipeline.json.FieldMap;
import io.zeekpipeline.json.JsonValue;


/**
 * One Zeek record on its way through the pipeline: its consumed record, the raw fields left
 * after promotion and the normalized layer (values left in the message bytes), and the enriched layer. Mutated only by
 * the processor that owns the current step; after enrichment it is read-only and shared by both outputs.
 */
public final class ZeekEvent {

    private final ConsumedRecord source;
    private final String logType;
    private final FieldMap<JsonValue> raw;
    /** Empty until normalize and enrich size them for what their rule may put. */
    private final FieldMap<JsonValue> normalized = new FieldMap<>(0);
    private final FieldMap<Object> enriched = new FieldMap<>(0);
    private long eventTimeMicros;
    private long ingestTimeMicros;

    public ZeekEvent(ConsumedRecord source, String logType, FieldMap<JsonValue> raw) {
        this.source = source;
        this.logType = logType;
        this.raw = raw;
    }

    /** The Kafka record the event came from. */
    public ConsumedRecord source() {
        return source;
    }

    public String topic() {
        return source.topic();
    }

    public int partition() {
        return source.partition();
    }

    public long offset() {
        return source.offset();
    }

    /** The Kafka message value exactly as consumed. */
    public byte[] original() {
        return source.value();
    }

    public String logType() {
        return logType;
    }

    /** Zeek's own fields that were not promoted, by their Zeek names. */
    public FieldMap<JsonValue> raw() {
        return raw;
    }

    /**
     * Promoted fields under their normalized names (event_time is {@link #eventTimeMicros()}), plus the static keys.
     */
    public FieldMap<JsonValue> normalized() {
        return normalized;
    }

    /** Derived fields (time parts, address classes, direction, service). */
    public FieldMap<Object> enriched() {
        return enriched;
    }

    /** Event time in microseconds since the epoch, UTC. */
    public long eventTimeMicros() {
        return eventTimeMicros;
    }

    public void eventTimeMicros(long micros) {
        this.eventTimeMicros = micros;
    }

    /** When the pipeline first saw the record, microseconds since the epoch; same in both outputs. */
    /** True once normalize ran: it alone sets the ingest time, which is never 0 after it. */
    public boolean isNormalized() {
        return ingestTimeMicros != 0;
    }

    public long ingestTimeMicros() {
        return ingestTimeMicros;
    }

    public void ingestTimeMicros(long micros) {
        this.ingestTimeMicros = micros;
    }

    /** Stable id derived from the source coordinates, so consumers of the output can drop replays. */
    public String eventId() {
        return source.eventId();
    }

    /**
     * A field's text for route authors ({@code ${body.field('query')}}): a normalized field by its normalized
     * name (src_ip, dst_port), else a Zeek field normalize did not promote by its Zeek name (query, history),
     * else an enriched field (direction, src_ip_is_private); numbers and booleans as written ({@code 53},
     * {@code true}), null when the event has no such field or it is null. Not used by the pipeline's own steps.
     */
    public String field(String name) {
        JsonValue value = normalized.get(name);
        if (value == null) {
            value = raw.get(name);
        }
        if (value != null) {
            return value.isNull() ? null : value.text();
        }
        Object derived = enriched.get(name);
        return derived == null ? null : derived.toString();
    }
}
