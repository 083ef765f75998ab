package io.zeekpipeline.normalize;

import java.time.Clock;
import java.util.List;

import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.EventTimes;
import io.zeekpipeline.event.InvalidMessageException;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.json.FieldMap;
import io.zeekpipeline.json.JsonValue;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.rules.NormalizationRule;
import io.zeekpipeline.rules.NormalizationRules;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Applies the log type's normalization.json rule to each event of a group: every promoted raw field
 * moves to its normalized name (so it appears once), static keys are added, and the event time is
 * fixed: a record without a time field keeps its arrival time (counted), one whose time is not a time joins
 * the rejects. Stateless and thread-safe.
 */
public class Normalizer implements Processor {

    private final NormalizationRules rules;
    private final Clock clock;
    private final PipelineMetrics metrics;

    public Normalizer(NormalizationRules rules, Clock clock, PipelineMetrics metrics) {
        this.rules = rules;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        LogTypeGroup group = exchange.getIn().getBody(LogTypeGroup.class);
        NormalizationRule rule = rules.ruleFor(group.getLogType());
        JsonValue eventType = eventType(rule, group.getLogType());
        group.apply(event -> normalize(event, rule, eventType), Rejects.of(exchange));
    }

    public void normalize(ZeekEvent event) {
        NormalizationRule rule = rules.ruleFor(event.logType());
        normalize(event, rule, eventType(rule, event.logType()));
    }

    private static JsonValue eventType(NormalizationRule rule, String logType) {
        return rule.eventType() != null ? rule.eventType() : JsonValue.ofText(logType);
    }

    /** The time's microseconds; a value that is no time is rejected with the field's name. */
    private static long eventTime(String field, JsonValue time) {
        try {
            return EventTimes.toMicros(time);
        } catch (InvalidMessageException notATime) {
            throw new InvalidMessageException("field '" + field + "': " + notATime.getMessage(), notATime);
        }
    }

    private void normalize(ZeekEvent event, NormalizationRule rule, JsonValue eventType) {
        FieldMap<JsonValue> raw = event.raw();
        FieldMap<JsonValue> normalized = event.normalized();
        JsonValue time = null;
        String timeField = "ts";
        List<NormalizationRule.Promotion> promotions = rule.promotions();
        // room for every promoted field, event_type, event_class and the other static keys: the map grows once
        normalized.ensureCapacity(normalized.size() + promotions.size() + 2 + rule.otherStatics().size());
        for (int i = 0; i < promotions.size(); i++) {
            NormalizationRule.Promotion promotion = promotions.get(i);
            JsonValue value = raw.remove(promotion.from());
            if (value == null || value.isNull()) {
                continue;
            }
            if (EventFields.EVENT_TIME.equals(promotion.to())) {
                time = value;
                timeField = promotion.from();
            } else {
                normalized.put(promotion.to(), value);
            }
        }
        if (time == null) {
            time = raw.get("ts");
        }
        event.ingestTimeMicros(clock.millis() * 1_000L);
        if (time != null && !time.isNull()) {
            event.eventTimeMicros(eventTime(timeField, time));
        } else {
            // a record without a time field (loaded_scripts, Bro 2.0's notice_policy, or one that left out an
            // unset ts): the only time there is, is when it arrived; the Kafka timestamp keeps that hour (and so
            // its Parquet folder) the same on a replay
            long arrivedMillis = event.source().timestampMillis();
            event.eventTimeMicros(arrivedMillis >= 0 ? arrivedMillis * 1_000L : event.ingestTimeMicros());
            metrics.withoutTime(event.logType(), rules.has(event.logType()));
        }
        normalized.put(EventFields.EVENT_TYPE, eventType);
        normalized.put(EventFields.EVENT_CLASS, rule.eventClass());
        for (NormalizationRule.StaticValue key : rule.otherStatics()) {
            normalized.putIfAbsent(key.name(), key.value());
        }
    }
}
