package io.zeekpipeline.event;

import java.util.List;

/**
 * The names of the fields the pipeline adds to a Zeek record, as they appear in Parquet columns and
 * in the output JSON: one place for the contract every stage and the {@code verify} command share.
 */
public final class EventFields {

    public static final String EVENT_TIME = "event_time";
    public static final String INGEST_TIME = "ingest_time";
    public static final String EVENT_TYPE = "event_type";
    public static final String EVENT_CLASS = "event_class";
    public static final String FLOW_ID = "flow_id";
    public static final String SERVICE = "service";
    public static final String DIRECTION = "direction";
    public static final String SRC_PRIVATE = "src_ip_is_private";
    public static final String DST_PRIVATE = "dst_ip_is_private";
    /** The flow's Community ID v1 as the pipeline computes it (Zeek's own, when logged, keeps its raw name). */
    public static final String COMMUNITY_ID = "community_id";
    /** The event-time parts in UTC, in column order. */
    public static final List<String> TIME_PARTS =
            List.of("event_year", "event_month", "event_day", "event_hour", "event_weekday");
    /** Parquet: the record's fields schema.json does not list, as a JSON object. */
    public static final String EXTRA_FIELDS = "extra_fields";
    /** Parquet: the original message, when configured. */
    public static final String RAW_LOG = "raw_log";

    private EventFields() {
    }
}
