package io.zeekpipeline.normalize;

import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zeekpipeline.kafka.Rejects;
import io.zeekpipeline.model.LogTypeGroup;
import io.zeekpipeline.model.ZeekEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Applies the log type's normalization.json rule to each event of a group: every promoted raw field
 * moves to its normalized name (so it appears once), static keys are added, and the event time is
 * fixed; an event without a usable time joins the rejects. Stateless and thread-safe.
 */
public class Normalizer implements Processor {

    public static final String EVENT_TIME = "event_time";
    public static final String EVENT_TYPE = "event_type";
    public static final String EVENT_CLASS = "event_class";

    private final NormalizationRules rules;
    private final Clock clock;

    public Normalizer(NormalizationRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().getBody(LogTypeGroup.class).apply(this::normalize, Rejects.of(exchange));
    }

    public void normalize(ZeekEvent event) {
        NormalizationRule rule = rules.ruleFor(event.logType());
        ObjectNode raw = event.raw();
        Map<String, JsonNode> normalized = event.normalized();
        JsonNode time = null;
        for (Map.Entry<String, String> promotion : rule.promote().entrySet()) {
            JsonNode value = raw.remove(promotion.getKey());
            if (value == null || value.isNull()) {
                continue;
            }
            if (EVENT_TIME.equals(promotion.getValue())) {
                time = value;
            } else {
                normalized.put(promotion.getValue(), value);
            }
        }
        if (time == null) {
            time = raw.get("ts");
        }
        event.ingestTimeMicros(clock.millis() * 1_000L);
        if (time != null && !time.isNull()) {
            event.eventTimeMicros(EventTimes.toMicros(time));
        } else if (rule.promotesTo(EVENT_TIME)) {
            throw new InvalidMessageException("record has no event time (ts)");
        } else {
            // a log without any time field (loaded_scripts): the only time there is, is when it arrived;
            // the Kafka timestamp keeps that hour (and so its Parquet folder) the same on a replay
            long arrivedMillis = event.source().timestampMillis();
            event.eventTimeMicros(arrivedMillis >= 0 ? arrivedMillis * 1_000L : event.ingestTimeMicros());
        }
        normalized.put(EVENT_TYPE, TextNode.valueOf(rule.statics().getOrDefault(EVENT_TYPE, event.logType())));
        normalized.put(EVENT_CLASS, TextNode.valueOf(rule.statics().getOrDefault(EVENT_CLASS, "unknown")));
        rule.statics().forEach((key, value) -> normalized.putIfAbsent(key, TextNode.valueOf(value)));
    }
}
