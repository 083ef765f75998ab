package io.zeekpipeline.normalize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekpipeline.kafka.ConsumedRecord;
import io.zeekpipeline.kafka.Rejects;
import io.zeekpipeline.model.LogTypeGroup;
import io.zeekpipeline.model.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.replay.ZeekTsvReader;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultMessage;

/**
 * Parses each Kafka message of a poll once, finds its log type and groups the poll's events by it
 * (the body becomes one message per group, with the {@link LogTypeGroup#LOG_TYPE_HEADER} and
 * {@link LogTypeGroup#KNOWN_HEADER} headers): the zeek-kafka tagged envelope
 * {@code {"dns": {...}, "extra": "value"}} (the single object-valued member), else a flat record's
 * {@code log_type}, else its {@code _path}; a message starting with {@code #} is one Zeek TSV record
 * with its header block. A message that is none of these joins the poll's rejects. Thread-safe; its
 * only state is a concurrent cache of checked log-type names.
 */
public class LogTypeDetector implements Processor {

    /** Log types name folders, so only safe characters are allowed. */
    private static final Pattern SAFE_LOG_TYPE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    /** Zeek renames a second filter on the same path to conn-2, conn-3, ... */
    private static final Pattern FILTER_SUFFIX = Pattern.compile("(.+)-\\d+");
    private static final int MAX_NAMES = 1024;

    private final ObjectMapper mapper;
    private final NormalizationRules rules;
    private final int maxMessageBytes;
    private final PipelineMetrics metrics;
    /** Names already checked, up to {@link #MAX_NAMES}: a regular expression per record was 270 bytes of garbage. */
    private final Map<String, String> canonicalNames = new ConcurrentHashMap<>();

    public LogTypeDetector(ObjectMapper mapper, NormalizationRules rules, int maxMessageBytes, PipelineMetrics metrics) {
        this.mapper = mapper;
        this.rules = rules;
        this.maxMessageBytes = maxMessageBytes;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        List<?> records = exchange.getIn().getBody(List.class);
        if (records == null) {
            throw new IllegalStateException("the body must be the poll's consumed records: register-offsets must run first");
        }
        Rejects rejects = Rejects.of(exchange);
        Map<String, LogTypeGroup> groups = new LinkedHashMap<>();
        for (Object item : records) {
            ConsumedRecord record = (ConsumedRecord) item;
            ZeekEvent event;
            try {
                event = detect(record);
            } catch (RuntimeException e) {
                rejects.add(record, e);
                continue;
            }
            LogTypeGroup group = groups.computeIfAbsent(event.logType(),
                    logType -> new LogTypeGroup(logType, rules.has(logType)));
            group.add(event);
            metrics.detected(event.logType(), group.isKnown());
        }
        List<Message> parts = new ArrayList<>(groups.size());
        for (LogTypeGroup group : groups.values()) {
            // the split hands on each message as it is: routes test these headers without reflection
            Message part = new DefaultMessage(exchange.getContext());
            part.setBody(group);
            part.setHeader(LogTypeGroup.LOG_TYPE_HEADER, group.getLogType());
            part.setHeader(LogTypeGroup.KNOWN_HEADER, group.isKnown());
            parts.add(part);
        }
        exchange.getIn().setBody(parts);
    }

    /** Builds the event for one record; throws {@link InvalidMessageException} when it is not a Zeek record. */
    public ZeekEvent detect(ConsumedRecord source) {
        byte[] value = source.value();
        if (value == null || value.length == 0) {
            throw new InvalidMessageException("empty message");
        }
        if (value.length > maxMessageBytes) {
            throw new InvalidMessageException("message of " + value.length + " bytes exceeds the limit of "
                                              + maxMessageBytes + " bytes");
        }
        if (value[0] == '#') {
            ZeekTsvReader.Line line = tsvRecord(value);
            return new ZeekEvent(source, canonical(line.logType()), line.record());
        }
        JsonNode root = parse(value);
        if (!root.isObject()) {
            throw new InvalidMessageException("message is JSON but not an object");
        }
        ObjectNode envelope = (ObjectNode) root;
        String tag = null;
        ObjectNode record = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = envelope.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> member = it.next();
            if (member.getValue().isObject()) {
                if (record != null) {
                    throw new InvalidMessageException("envelope has more than one object member ('" + tag
                                                      + "', '" + member.getKey() + "'); cannot tell the log type");
                }
                tag = member.getKey();
                record = (ObjectNode) member.getValue();
            }
        }
        String logType;
        if (record != null) {
            logType = tag;
            copyEnvelopeExtras(envelope, tag, record);
        } else {
            record = envelope;
            logType = textMember(record, "log_type");
            if (logType == null) {
                logType = textMember(record, "_path");
            }
            if (logType == null) {
                throw new InvalidMessageException("no log type: neither a tagged envelope nor a log_type or _path field");
            }
            record.remove("log_type");
            record.remove("_path");
        }
        return new ZeekEvent(source, canonical(logType), record);
    }

    /** A Zeek TSV message: its header block (#separator, #path, #fields, #types) and exactly one data line. */
    private static ZeekTsvReader.Line tsvRecord(byte[] value) {
        try {
            ZeekTsvReader reader = new ZeekTsvReader(new BufferedReader(new StringReader(
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString())), "message", null);
            ZeekTsvReader.Line line = reader.next();
            if (line == null || line.logType() == null) {
                throw new InvalidMessageException("TSV message without a data line or a #path header");
            }
            if (reader.next() != null) {
                throw new InvalidMessageException("TSV message with more than one data line; send one record per message");
            }
            return line;
        } catch (IOException e) {
            throw new InvalidMessageException("malformed TSV: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(byte[] value) {
        try {
            JsonNode root = mapper.readTree(value);
            if (root == null) {
                throw new InvalidMessageException("message holds no JSON value");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidMessageException("unreadable message: " + e.getMessage(), e);
        }
    }

    /** The zeek-kafka plugin's additional_message_values sit beside the record; keep them unless Zeek has the name. */
    private static void copyEnvelopeExtras(ObjectNode envelope, String tag, ObjectNode record) {
        envelope.fields().forEachRemaining(member -> {
            if (!member.getKey().equals(tag) && !record.has(member.getKey())) {
                record.set(member.getKey(), member.getValue());
            }
        });
    }

    private static String textMember(ObjectNode record, String name) {
        JsonNode node = record.get(name);
        return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private String canonical(String logType) {
        String known = canonicalNames.get(logType);
        if (known != null) {
            return known;
        }
        String canonical = check(logType);
        if (canonicalNames.size() < MAX_NAMES) {
            canonicalNames.put(logType, canonical);
        }
        return canonical;
    }

    private String check(String logType) {
        if (!SAFE_LOG_TYPE.matcher(logType).matches() || logType.contains("..")) {
            throw new InvalidMessageException("log type '" + abbreviate(logType) + "' is not a safe name");
        }
        if (!rules.has(logType)) {
            var suffixed = FILTER_SUFFIX.matcher(logType);
            if (suffixed.matches() && rules.has(suffixed.group(1))) {
                return suffixed.group(1);
            }
        }
        return logType;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
