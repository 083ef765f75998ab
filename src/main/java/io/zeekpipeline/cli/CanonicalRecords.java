package io.zeekpipeline.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.parquet.rows.ColumnNames;
import io.zeekpipeline.parquet.rows.ZeekSchemas;
import io.zeekpipeline.rules.ConfigFiles;
import io.zeekpipeline.rules.NormalizationRule;
import io.zeekpipeline.rules.NormalizationRules;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns source records and Parquet rows into what {@code verify} compares, a sorted map of key → value,
 * using only normalization.json and schema.json, never the writer's code. Not thread-safe (caches mappings).
 */
final class CanonicalRecords {
    /** Keys of values expected inside extra_fields. */
    private static final String EXTRA_PREFIX = EventFields.EXTRA_FIELDS + ".";
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;
    private static final Set<String> FIXED_COLUMNS =
            Set.of(EventFields.EVENT_TIME, EventFields.INGEST_TIME, EventFields.EVENT_TYPE, EventFields.EVENT_CLASS,
                    EventFields.EXTRA_FIELDS, EventFields.RAW_LOG);

    private enum Kind { TIME, DOUBLE, INTEGER, BOOL, STRING, SET, VECTOR, ANY }

    /** A declared Zeek type; {@code element} is set for sets and vectors only. */
    private record FieldType(Kind kind, Kind element) {
        static final FieldType ANY = new FieldType(Kind.ANY, null);
        static final FieldType TIME = new FieldType(Kind.TIME, null);
    }

    /** One log type: Zeek field name → comparison key, and comparison key → type. */
    private record Mapping(Map<String, String> keys, Map<String, FieldType> types) {
        String keyOf(String name) {
            String key = keys.get(name);
            return key != null ? key : EXTRA_PREFIX + name;
        }

        FieldType typeOf(String key) {
            return types.getOrDefault(key, FieldType.ANY);
        }
    }

    private final NormalizationRules rules;
    private final ZeekSchemas schemas;
    private final Map<String, Map<String, String>> declaredTypes;
    private final BroJsonReader jsonReader;
    private final Map<String, Mapping> mappings = new HashMap<>();

    private CanonicalRecords(NormalizationRules rules, ZeekSchemas schemas,
            Map<String, Map<String, String>> declaredTypes, ObjectMapper mapper) {
        this.rules = rules;
        this.schemas = schemas;
        this.declaredTypes = declaredTypes;
        this.jsonReader = new BroJsonReader(mapper);
    }

    /** Loads normalization.json and schema.json from the folder, else the copies bundled in the jar. */
    static CanonicalRecords load(ConfigFiles files, ObjectMapper mapper) throws IOException {
        ConfigFiles.Opened normalization = files.open("normalization.json");
        NormalizationRules rules;
        try (InputStream in = normalization.stream()) {
            rules = NormalizationRules.load(in, normalization.origin(), mapper);
        }
        ConfigFiles.Opened schema = files.open("schema.json");
        byte[] schemaJson;
        try (InputStream in = schema.stream()) {
            schemaJson = in.readAllBytes();
        }
        ZeekSchemas schemas = ZeekSchemas.load(new ByteArrayInputStream(schemaJson), schema.origin(), mapper);
        // ZeekSchemas keeps no type names, and a set compares unlike a vector
        Map<String, Map<String, String>> declared = new HashMap<>();
        mapper.readTree(schemaJson).fields().forEachRemaining(entry -> {
            Map<String, String> types = new HashMap<>();
            entry.getValue().path("fields").fields()
                    .forEachRemaining(f -> types.put(f.getKey(), f.getValue().asText()));
            declared.put(entry.getValue().path("log_type").asText(entry.getKey().replaceFirst("^zeek_", "")), types);
        });
        return new CanonicalRecords(rules, schemas, declared, mapper);
    }

    /** The log type a source record of this type lands under: Zeek's conn-2 filter path goes to conn. */
    String outputType(String logType) {
        if (!rules.has(logType) && logType.matches(".+-\\d+")) {
            String base = logType.substring(0, logType.lastIndexOf('-'));
            return rules.has(base) ? base : logType;
        }
        return logType;
    }

    /** What the row of a source record should hold. */
    Map<String, Object> expected(String logType, ObjectNode record) {
        Mapping mapping = mappingOf(logType);
        Map<String, Object> canonical = new TreeMap<>();
        record.fields().forEachRemaining(field -> {
            if (!"_path".equals(field.getKey())) {
                put(canonical, mapping, field.getKey(), field.getValue());
            }
        });
        return canonical;
    }

    /** What a Parquet row holds, extra_fields merged back in and derived columns left out. */
    Map<String, Object> actual(String logType, GenericRecord row) {
        Mapping mapping = mappingOf(logType);
        Map<String, Object> canonical = new TreeMap<>();
        for (Schema.Field field : row.getSchema().getFields()) {
            String column = field.name();
            Object value = row.get(field.pos());
            if (EventFields.EXTRA_FIELDS.equals(column) && value != null) {
                mergeExtra(canonical, mapping, value.toString());
            } else if (mapping.types().containsKey(column) && value != null) {
                canonical.put(column, fromAvro(mapping.typeOf(column), value));
            }
        }
        return canonical;
    }

    private void mergeExtra(Map<String, Object> canonical, Mapping mapping, String json) {
        JsonNode extra;
        try {
            // the pipeline keeps a value that fits no column as the sensor wrote it, Bro 2.6's bare inf too
            extra = jsonReader.read(json);
        } catch (JsonProcessingException e) {
            extra = null;
        }
        if (extra instanceof ObjectNode members) {
            members.fields().forEachRemaining(f -> put(canonical, mapping, f.getKey(), f.getValue()));
        } else {
            // shown as a difference, not an error: the writer produced it
            canonical.put(EventFields.EXTRA_FIELDS, json);
        }
    }

    private static void put(Map<String, Object> canonical, Mapping mapping, String name, JsonNode value) {
        String key = mapping.keyOf(name);
        Object converted = fromJson(mapping.typeOf(key), value);
        if (converted != null) {
            canonical.put(key, converted);
        }
    }

    private Mapping mappingOf(String logType) {
        return mappings.computeIfAbsent(logType, this::buildMapping);
    }

    private Mapping buildMapping(String logType) {
        NormalizationRule rule = rules.ruleFor(logType);
        Map<String, String> declared = declaredTypes.getOrDefault(logType, Map.of());
        Map<String, String> keys = new HashMap<>();
        Map<String, FieldType> types = new HashMap<>();
        Set<String> taken = new HashSet<>(FIXED_COLUMNS);
        taken.addAll(rule.enrichedFields().keySet());
        taken.addAll(rule.statics().keySet());
        rule.promote().forEach((raw, target) -> {
            keys.put(raw, target);
            // a promoted value that did not fit its column sits in extra_fields under the normalized name
            keys.put(target, target);
            types.put(target, EventFields.EVENT_TIME.equals(target) ? FieldType.TIME : typeOf(declared.get(raw)));
            taken.add(target);
        });
        for (String field : schemas.fieldsOf(logType).keySet()) {
            if (!rule.promote().containsKey(field) && !field.startsWith("_")) {
                String column = ColumnNames.unique(taken, ColumnNames.of(field));
                keys.put(field, column);
                types.put(column, typeOf(declared.get(field)));
            }
        }
        return new Mapping(keys, types);
    }

    private static FieldType typeOf(String declared) {
        if (declared == null) {
            return FieldType.ANY;
        }
        String type = declared.trim().toLowerCase(Locale.ROOT);
        // Bro 2.0 wrote sets as table[T], and containers of strings without their element type
        Kind container = type.startsWith("vector") ? Kind.VECTOR
                : type.startsWith("set") || type.startsWith("table") ? Kind.SET : null;
        if (container != null) {
            int bracket = type.indexOf('[');
            String element = bracket > 0 && type.endsWith("]") ? type.substring(bracket + 1, type.length() - 1)
                    : "string";
            return new FieldType(container, scalarKind(element));
        }
        return new FieldType(scalarKind(type), null);
    }

    private static Kind scalarKind(String type) {
        return switch (type) {
            case "time", "timestamp" -> Kind.TIME;
            case "double", "interval", "float" -> Kind.DOUBLE;
            case "count", "int", "long", "port" -> Kind.INTEGER;
            case "bool" -> Kind.BOOL;
            default -> Kind.STRING;
        };
    }

    /** The canonical value of a JSON value of this type; a value that is not of the type is kept as it is. */
    private static Object fromJson(FieldType type, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Object typed = switch (type.kind()) {
            case SET, VECTOR -> node.isArray() ? list(type, node) : null;
            default -> scalar(type.kind(), node);
        };
        return typed != null ? typed : plain(node);
    }

    private static Object list(FieldType type, JsonNode array) {
        FieldType element = new FieldType(type.element(), null);
        List<Object> values = new ArrayList<>(array.size());
        array.forEach(item -> values.add(fromJson(element, item)));
        return type.kind() == Kind.SET ? sorted(values) : values;
    }

    /** Zeek sets have no defined order; any fixed order of equal elements will do. */
    private static List<Object> sorted(Collection<Object> values) {
        return values.stream().sorted(Comparator.comparing(String::valueOf)).collect(Collectors.toList());
    }

    private static Object scalar(Kind kind, JsonNode node) {
        String text = node.isTextual() ? node.asText().trim() : null;
        try {
            return switch (kind) {
                case TIME -> node.isIntegralNumber() ? integralTime(node)
                        : node.isBigDecimal() ? wholeMicros(node.decimalValue())
                        : node.isNumber() ? micros(node.doubleValue()) : text != null ? textTime(text) : null;
                case DOUBLE -> node.isNumber() ? node.doubleValue() : text != null ? Double.parseDouble(text) : null;
                case INTEGER -> node.isIntegralNumber() ? node.bigIntegerValue()
                        : node.isNumber() ? new BigDecimal(node.asText()).toBigIntegerExact()
                        : text != null ? new BigInteger(text) : null;
                case BOOL -> node.isBoolean() ? node.booleanValue() : text != null ? bool(text) : null;
                case STRING -> node.isValueNode() ? node.asText() : node.toString();
                default -> null;
            };
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static BigInteger integralTime(JsonNode node) {
        BigInteger n = node.bigIntegerValue();
        boolean millis = n.abs().compareTo(BigInteger.valueOf(MILLIS_THRESHOLD)) >= 0;
        return n.multiply(BigInteger.valueOf(millis ? 1_000L : 1_000_000L));
    }

    private static BigInteger textTime(String text) {
        try {
            Instant instant = Instant.parse(text);
            return BigInteger.valueOf(instant.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000L))
                    .add(BigInteger.valueOf(instant.getNano() / 1_000L));
        } catch (DateTimeParseException e) {
            return micros(Double.parseDouble(text));
        }
    }

    /**
     * The microseconds of a time Zeek held as this double (a JSON number): the double's exact value, rounded to
     * the nearest microsecond, as Zeek's TSV writer prints it.
     */
    private static BigInteger micros(double seconds) {
        return Double.isFinite(seconds) ? wholeMicros(new BigDecimal(seconds)) : null;
    }

    /** The nearest microsecond of exact seconds (a TSV time's text is already whole microseconds). */
    private static BigInteger wholeMicros(BigDecimal seconds) {
        return seconds.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }

    private static Boolean bool(String text) {
        return switch (text) {
            case "T", "true" -> Boolean.TRUE;
            case "F", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** A JSON value of no declared type, as itself. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> members = new TreeMap<>();
            node.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    members.put(f.getKey(), plain(f.getValue()));
                }
            });
            return members;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            node.forEach(item -> items.add(item.isNull() ? null : plain(item)));
            return items;
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.isBoolean() ? node.booleanValue() : node.asText();
    }

    /** A Parquet (Avro) value of a compared column; times are already epoch microseconds. */
    private static Object fromAvro(FieldType type, Object value) {
        if (value instanceof Collection<?> items) {
            FieldType element = new FieldType(type.element() == null ? Kind.ANY : type.element(), null);
            List<Object> values = new ArrayList<>(items.size());
            items.forEach(item -> values.add(item == null ? null : fromAvro(element, item)));
            return type.kind() == Kind.SET ? sorted(values) : values;
        }
        if (value instanceof Integer || value instanceof Long) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        return value instanceof Double || value instanceof Boolean ? value : value.toString();
    }
}
