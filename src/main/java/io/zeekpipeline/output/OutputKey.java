package io.zeekpipeline.output;

import java.util.Locale;

import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.json.JsonValue;

/**
 * The Kafka key of an output message ({@code pipeline.output.key}), so that consumers keep a flow's records in one
 * partition: the source message's key, or the record's flow id ({@code flow_id}, else Zeek's {@code uid}), or
 * none. Immutable.
 */
public enum OutputKey {
    /** The source message's key when it has one, else the flow id, else none. */
    SOURCE_OR_FLOW,
    /** The flow id, else none. */
    FLOW,
    /** No key: the producer spreads the messages over the partitions. */
    NONE;

    /** The choice a {@code pipeline.output.key} value names ({@code source-or-flow}, {@code flow}, {@code none}). */
    public static OutputKey named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The key of the event's message, or null for none. */
    String of(ZeekEvent event) {
        if (this == NONE) {
            return null;
        }
        String sourceKey = event.source().key();
        if (this == SOURCE_OR_FLOW && sourceKey != null) {
            return sourceKey;
        }
        String flow = text(event.normalized().get(EventFields.FLOW_ID));
        return flow != null ? flow : text(event.raw().get("uid"));
    }

    private static String text(JsonValue value) {
        return value != null && value.kind() == JsonValue.Kind.STRING ? value.text() : null;
    }
}
