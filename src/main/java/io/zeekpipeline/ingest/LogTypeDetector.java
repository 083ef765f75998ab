package io.zeekpipeline.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.InvalidMessageException;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.json.FieldMap;
import io.zeekpipeline.json.JsonScanner;
import io.zeekpipeline.json.JsonValue;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.rules.NormalizationRules;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultMessage;

/**
 * Parses each Kafka message of a poll once, finds its log type and groups the poll's events by it
 * (the body becomes one message per group, with the {@link ZeekHeaders#LOG_TYPE} and
 * {@link ZeekHeaders#KNOWN_LOG_TYPE} headers): the zeek-kafka tagged envelope
 * {@code {"dns": {...}, "extra": "value"}} (the single object-valued member), else a flat record's
 * {@code log_type}, else its {@code _path}; a message starting with {@code #} is one Zeek TSV record
 * with its header block. The log type is taken in lower case and must meet {@link LogTypeNames}'
 * rule. A message that is none of these joins the poll's rejects. Thread-safe; its
 * state is a concurrent cache of checked log-type names and the scanner's table of field names.
 */
public class LogTypeDetector implements Processor {

    /** Zeek renames a second filter on the same path to conn-2, conn-3, ... */
    private static final Pattern FILTER_SUFFIX = Pattern.compile("(.+)-\\d+");
    private static final int MAX_NAMES = 1024;

    /** Field names are few: up to this many are decoded once. */
    private static final int MAX_FIELD_NAMES = 4096;

    private final ObjectMapper mapper;
    private final JsonScanner scanner = new JsonScanner(MAX_FIELD_NAMES);
    private final NormalizationRules rules;
    private final int maxMessageBytes;
    private final PipelineMetrics metrics;
    /** Names already checked, up to {@link #MAX_NAMES}: a regular expression per record was 270 bytes of garbage. */
    private final Map<String, String> canonicalNames = new ConcurrentHashMap<>();

    public LogTypeDetector(ObjectMapper mapper, NormalizationRules rules, int maxMessageBytes,
            PipelineMetrics metrics) {
        this.mapper = mapper;
        this.rules = rules;
        this.maxMessageBytes = maxMessageBytes;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        List<?> records = exchange.getIn().getBody(List.class);
        if (records == null) {
            throw new IllegalStateException("the body must be the poll's consumed records: "
                    + "register-offsets must run first");
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
        }
        List<Message> parts = new ArrayList<>(groups.size());
        for (LogTypeGroup group : groups.values()) {
            // counted once per group: a meter lookup and increment per record is per-event work for a sum
            metrics.detected(group.getLogType(), group.isKnown(), group.events().size());
            // the split hands on each message as it is: routes test these headers without reflection
            Message part = new DefaultMessage(exchange.getContext());
            part.setBody(group);
            part.setHeader(ZeekHeaders.LOG_TYPE, group.getLogType());
            part.setHeader(ZeekHeaders.KNOWN_LOG_TYPE, group.isKnown());
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
        FieldMap<JsonValue> record;
        String logType;
        if (value[0] == '#') {
            ZeekTsvReader.Line line = tsvRecord(value);
            logType = line.logType();
            record = scan(tsvAsJson(line)).members();
        } else {
            JsonScanner.TopLevel message = scan(value);
            if (message.objectMembers() > 1) {
                throw new InvalidMessageException("envelope has more than one object member ("
                                                  + objectMemberNames(message.members())
                                                  + "); cannot tell the log type");
            }
            if (message.objectMembers() == 1) {
                logType = message.firstObjectName();
                record = message.firstObject();
                copyEnvelopeExtras(message.members(), logType, record);
            } else {
                record = message.members();
                logType = textMember(record, "log_type");
                if (logType == null) {
                    logType = textMember(record, "_path");
                }
                if (logType == null) {
                    throw new InvalidMessageException("no log type: "
                            + "neither a tagged envelope nor a log_type or _path field");
                }
                record.remove("log_type");
                record.remove("_path");
            }
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
                throw new InvalidMessageException("TSV message with more than one data line; "
                        + "send one record per message");
            }
            return line;
        } catch (IOException e) {
            throw new InvalidMessageException("malformed TSV: " + e.getMessage(), e);
        }
    }

    private JsonScanner.TopLevel scan(byte[] json) {
        try {
            return scanner.scanObject(json);
        } catch (JsonScanner.DuplicateKeyException repeated) {
            throw new InvalidMessageException("duplicate key '" + InvalidMessageException.abbreviate(repeated.key())
                                              + "' at byte " + repeated.position(), repeated);
        } catch (JsonScanner.SyntaxException notAnObject) {
            try {
                scanner.scanValue(json);
            } catch (JsonScanner.SyntaxException malformed) {
                throw new InvalidMessageException("malformed JSON: " + notAnObject.getMessage(), notAnObject);
            }
            throw new InvalidMessageException("message is JSON but not an object");
        }
    }

    /** The TSV record in JSON, so both forms take the same way from here on. */
    private byte[] tsvAsJson(ZeekTsvReader.Line line) {
        try {
            return mapper.writeValueAsBytes(line.record());
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("TSV record cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String objectMemberNames(FieldMap<JsonValue> members) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < members.size(); i++) {
            if (members.value(i).kind() == JsonValue.Kind.OBJECT) {
                names.append(names.length() == 0 ? "'" : ", '").append(members.name(i)).append('\'');
            }
        }
        return names.toString();
    }

    /** The zeek-kafka plugin's additional_message_values sit beside the record; keep them unless Zeek has the name. */
    private static void copyEnvelopeExtras(FieldMap<JsonValue> envelope, String tag, FieldMap<JsonValue> record) {
        for (int i = 0; i < envelope.size(); i++) {
            String name = envelope.name(i);
            if (!name.equals(tag) && !record.containsKey(name)) {
                record.put(name, envelope.value(i));
            }
        }
    }

    private static String textMember(FieldMap<JsonValue> record, String name) {
        JsonValue value = record.get(name);
        if (value == null || value.kind() != JsonValue.Kind.STRING) {
            return null;
        }
        String text = value.text();
        return text.isEmpty() ? null : text;
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
        String name = LogTypeNames.canonical(logType);
        if (!rules.has(name)) {
            var suffixed = FILTER_SUFFIX.matcher(name);
            if (suffixed.matches() && rules.has(suffixed.group(1))) {
                return suffixed.group(1);
            }
        }
        return name;
    }
}
