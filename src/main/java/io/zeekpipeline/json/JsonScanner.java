package io.zeekpipeline.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON message into its top-level members, each a {@link JsonValue} left in place in the
 * message bytes, checking the whole text as strictly as RFC 8259 asks (no trailing content, valid
 * UTF-8, no control characters in strings, nesting at most {@link #MAX_DEPTH} deep), and stricter
 * where RFC 8259 leaves the meaning open: a name repeated in the message's object or in the first
 * object member (the record) and an escaped surrogate without its pair are refused, as Zeek writes
 * neither and either would change a record silently. Building a
 * Jackson tree instead cost a map entry, a node and a string per field, and the fields were then
 * encoded again for each output. Thread-safe: its state is a table of field names seen and each thread's
 * {@link SeenNames}.
 */
public final class JsonScanner {

    /** Deeper nesting than Zeek ever writes; a limit keeps a hostile message from exhausting the stack. */
    public static final int MAX_DEPTH = 256;
    private static final int RECORD_CAPACITY = 32;
    private static final int ENVELOPE_CAPACITY = 2;
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    /** Bro 2.6's JSON writer printed non-finite doubles as these bare words: read as numbers, nothing else is. */
    private static final byte[] INF = "inf".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAN = "nan".getBytes(StandardCharsets.US_ASCII);
    /** Bytes that stand in a string as they are: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int b = 0x20; b < 0x80; b++) {
            PLAIN[b] = b != '"' && b != '\\';
        }
    }

    private final NameTable names;
    /** Each thread's marks of the names read in the objects it is reading; per scanner, as name ids are. */
    private final ThreadLocal<SeenNames> seen = ThreadLocal.withInitial(SeenNames::new);

    /** A scanner remembering up to {@code maxNames} field names, so a known name costs no new string. */
    public JsonScanner(int maxNames) {
        this.names = new NameTable(maxNames);
    }

    /** A message that is not valid JSON, or not of the form asked for. */
    public static class SyntaxException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    /** A JSON object that names a member twice. */
    public static final class DuplicateKeyException extends SyntaxException {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final int position;

        DuplicateKeyException(String key, int position) {
            super("duplicate key '" + key + "' at byte " + position);
            this.key = key;
            this.position = position;
        }

        /** The repeated name. */
        public String key() {
            return key;
        }

        /** Where the second one starts in the message. */
        public int position() {
            return position;
        }
    }

    /**
     * The members of a message that is one JSON object; members whose value is an object are counted,
     * and the first one's own members are read as well (the zeek-kafka envelope holds its record so).
     */
    public record TopLevel(FieldMap<JsonValue> members, int objectMembers, String firstObjectName,
            FieldMap<JsonValue> firstObject) {
    }

    /** Reads a message that must be a JSON object; throws {@link SyntaxException} when it is not. */
    public TopLevel scanObject(byte[] message) {
        Cursor c = new Cursor(message, 0);
        c.skipWhitespace();
        if (c.pos >= message.length || message[c.pos] != '{') {
            throw c.error("a JSON object must start with '{'");
        }
        SeenNames seenNames = seen.get();
        TopLevel top = readMembers(c, true, seenNames, seenNames.messageOrder);
        c.skipWhitespace();
        if (c.pos != message.length) {
            throw c.error("content after the JSON object");
        }
        return top;
    }

    /** Reads a message that must be one JSON value of any kind. */
    public JsonValue scanValue(byte[] message) {
        Cursor c = new Cursor(message, 0);
        c.skipWhitespace();
        JsonValue value = c.value(1);
        c.skipWhitespace();
        if (c.pos != message.length) {
            throw c.error("content after the JSON value");
        }
        return value;
    }

    /** The elements of a scanned array. */
    static List<JsonValue> elements(JsonValue array) {
        List<JsonValue> elements = new ArrayList<>();
        new Cursor(array.source(), array.start()).skipArray(1, elements);
        return elements;
    }

    /** Reads the members of the object at the cursor, expecting its names in the {@code order} of its kind. */
    private TopLevel readMembers(Cursor c, boolean top, SeenNames seenNames, NameOrder order) {
        int mark = seenNames.nextMark();
        // whether a name of this object came without an id (escaped, or past the table): then names are
        // compared by content
        boolean unnumbered = false;
        FieldMap<JsonValue> members = null;
        int objectMembers = 0;
        String firstObjectName = null;
        FieldMap<JsonValue> firstObject = null;
        c.pos++;
        c.skipWhitespace();
        if (c.peek() == '}') {
            c.pos++;
            return new TopLevel(new FieldMap<>(0), 0, null, null);
        }
        int previous = NameOrder.START;
        while (true) {
            c.skipWhitespace();
            int nameStart = c.pos;
            NameTable.Entry named = order.after(previous);
            if (named == null || !c.skipName(named.bytes())) {
                named = name(c);
                order.follow(previous, named);
            }
            String name = named.name();
            int id = named.id();
            previous = id >= 0 ? id : NameOrder.UNKNOWN;
            c.skipWhitespace();
            c.expect(':');
            c.skipWhitespace();
            JsonValue value;
            if (top && c.peek() == '{') {
                objectMembers++;
                int start = c.pos;
                if (firstObject == null) {
                    firstObject = readMembers(c, false, seenNames, seenNames.recordOrder(named)).members();
                    firstObjectName = name;
                } else {
                    c.skipObject(2);
                }
                value = new JsonValue(c.src, start, c.pos, false);
            } else {
                value = c.value(top ? 1 : 2);
            }
            if (members == null) {
                // room for as many members as most Zeek records have (growing copies the arrays), unless the
                // message opens with an object: a zeek-kafka envelope, whose record is that object
                members = new FieldMap<>(objectMembers == 1 ? ENVELOPE_CAPACITY : RECORD_CAPACITY);
            }
            unnumbered |= id < 0;
            if (unnumbered ? members.containsKey(name) : seenNames.repeats(top, id, mark)) {
                throw new DuplicateKeyException(name, nameStart);
            }
            members.append(name, value);
            c.skipWhitespace();
            byte next = c.next();
            if (next == '}') {
                return new TopLevel(members, objectMembers, firstObjectName, firstObject);
            }
            if (next != ',') {
                throw c.error("expected ',' or '}' after a member");
            }
        }
    }

    /** The member name at the cursor, with its id in the name table (-1 when the table does not hold it). */
    private NameTable.Entry name(Cursor c) {
        if (c.peek() != '"') {
            throw c.error("expected a member name in double quotes");
        }
        int start = c.pos;
        // the usual name, plain ASCII, is hashed while it is skipped
        byte[] src = c.src;
        int hash = 0;
        int end = start + 1;
        while (end < src.length && PLAIN[src[end] & 0xFF]) {
            hash = 31 * hash + src[end];
            end++;
        }
        if (end < src.length && src[end] == '"') {
            c.pos = end + 1;
            return names.get(src, start + 1, end, hash);
        }
        c.skipString();
        if (c.escaped) {
            return NameTable.unnumbered(new JsonValue(c.src, start, c.pos, true).text());
        }
        return names.get(c.src, start + 1, c.pos - 1);
    }

    /**
     * Marks of the names one thread read in the object it is reading, by name id: a name is repeated when its
     * mark is the object's. Found so rather than by a search of the names read before, detecting a record took
     * 4 % (conn) to 9 % (dns) less CPU. Also the {@link NameOrder} of messages and of the records under each
     * envelope name (log type). The message's object and the record within it have marks of their own, as their
     * members are read interleaved. Not thread-safe.
     */
    private static final class SeenNames {
        /** Envelope names with an order of their own, at most: a hostile stream may bring endless ones. */
        private static final int KINDS = 256;

        private int[] inMessage = new int[64];
        private int[] inRecord = new int[64];
        private int last;
        final NameOrder messageOrder = new NameOrder();
        /** By envelope name (an interned name of the table); past {@link #KINDS}, the others share one order. */
        private final Map<String, NameOrder> recordOrders = new IdentityHashMap<>();
        private final NameOrder otherRecordOrder = new NameOrder();

        /** The order of the records under the envelope name {@code kind}. */
        NameOrder recordOrder(NameTable.Entry kind) {
            NameOrder order = recordOrders.get(kind.name());
            if (order != null) {
                return order;
            }
            if (kind.id() < 0 || recordOrders.size() >= KINDS) {
                return otherRecordOrder;
            }
            order = new NameOrder();
            recordOrders.put(kind.name(), order);
            return order;
        }

        int nextMark() {
            if (last == Integer.MAX_VALUE) {
                Arrays.fill(inMessage, 0);
                Arrays.fill(inRecord, 0);
                last = 0;
            }
            return ++last;
        }

        /** Whether name {@code id} was read already in the object marked {@code mark}; marks it read. */
        boolean repeats(boolean inMessageObject, int id, int mark) {
            int[] marks = inMessageObject ? inMessage : inRecord;
            if (id >= marks.length) {
                marks = Arrays.copyOf(marks, Math.max(2 * marks.length, id + 1));
                if (inMessageObject) {
                    inMessage = marks;
                } else {
                    inRecord = marks;
                }
            }
            boolean repeated = marks[id] == mark;
            marks[id] = mark;
            return repeated;
        }
    }

    /**
     * The name that followed each name (by id) in the last object of a kind: records of a log type come with their
     * fields in one order, so a name is first compared with the one that came next the last time, before it is
     * hashed and looked up (detecting a conn record took about a fifth less CPU). A field left out or added costs
     * only the names around it. Not thread-safe.
     */
    private static final class NameOrder {
        /** The "id" before an object's first name. */
        static final int START = -1;
        /** The "id" after a name the name table does not hold: nothing is expected after it. */
        static final int UNKNOWN = -2;

        /** At id + 1, the name that followed that one; null when unknown or not in the name table. */
        private NameTable.Entry[] next = new NameTable.Entry[64];

        /** The name expected after name {@code id} ({@link #START}: first), or null. */
        NameTable.Entry after(int id) {
            int slot = id + 1;
            return slot >= 0 && slot < next.length ? next[slot] : null;
        }

        /** Keeps that {@code name} came after name {@code id}; nothing for a name without id on either side. */
        void follow(int id, NameTable.Entry name) {
            int slot = id + 1;
            if (slot < 0) {
                return;
            }
            if (slot >= next.length) {
                next = Arrays.copyOf(next, Math.max(2 * next.length, slot + 1));
            }
            next[slot] = name.id() >= 0 ? name : null;
        }
    }

    /** A position in message bytes, used by one scan. */
    private static final class Cursor {
        final byte[] src;
        int pos;
        /** Whether the string last skipped had an escape sequence. */
        boolean escaped;

        Cursor(byte[] src, int pos) {
            this.src = src;
            this.pos = pos;
        }

        /**
         * Moves past the member name at the cursor when its bytes between the quotes are {@code name} (those
         * of a name in the table: valid UTF-8 without quote or backslash, so the quote after them ends it).
         */
        boolean skipName(byte[] name) {
            int end = pos + 1 + name.length;
            if (end >= src.length || src[pos] != '"' || src[end] != '"'
                    || !NameTable.sameBytes(name, src, pos + 1, end)) {
                return false;
            }
            pos = end + 1;
            return true;
        }

        byte peek() {
            if (pos >= src.length) {
                throw error("unexpected end of the message");
            }
            return src[pos];
        }

        byte next() {
            byte b = peek();
            pos++;
            return b;
        }

        void expect(char expected) {
            if (next() != expected) {
                pos--;
                throw error("expected '" + expected + "'");
            }
        }

        void skipWhitespace() {
            while (pos < src.length) {
                byte b = src[pos];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return;
                }
                pos++;
            }
        }

        JsonValue value(int depth) {
            int start = pos;
            JsonValue.Kind kind = skipValue(depth);
            return new JsonValue(src, start, pos, kind == JsonValue.Kind.STRING && escaped);
        }

        JsonValue.Kind skipValue(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested more than " + MAX_DEPTH + " levels deep");
            }
            byte b = peek();
            switch (b) {
                case '"' -> {
                    skipString();
                    return JsonValue.Kind.STRING;
                }
                case '{' -> {
                    skipObject(depth);
                    return JsonValue.Kind.OBJECT;
                }
                case '[' -> {
                    skipArray(depth, null);
                    return JsonValue.Kind.ARRAY;
                }
                case 't' -> {
                    literal(TRUE);
                    return JsonValue.Kind.TRUE;
                }
                case 'f' -> {
                    literal(FALSE);
                    return JsonValue.Kind.FALSE;
                }
                case 'n' -> {
                    if (pos + 1 < src.length && src[pos + 1] == 'a') {
                        literal(NAN);
                        return JsonValue.Kind.NUMBER;
                    }
                    literal(NULL);
                    return JsonValue.Kind.NULL;
                }
                case 'i' -> {
                    literal(INF);
                    return JsonValue.Kind.NUMBER;
                }
                default -> {
                    skipNumber();
                    return JsonValue.Kind.NUMBER;
                }
            }
        }

        void skipObject(int depth) {
            pos++;
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a member name in double quotes");
                }
                skipString();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                skipValue(depth + 1);
                skipWhitespace();
                byte next = next();
                if (next == '}') {
                    return;
                }
                if (next != ',') {
                    throw error("expected ',' or '}' after a member");
                }
            }
        }

        /** Skips an array; its elements are added to {@code elements} unless that is null. */
        void skipArray(int depth, List<JsonValue> elements) {
            pos++;
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return;
            }
            while (true) {
                skipWhitespace();
                if (elements != null) {
                    elements.add(value(depth + 1));
                } else {
                    skipValue(depth + 1);
                }
                skipWhitespace();
                byte next = next();
                if (next == ']') {
                    return;
                }
                if (next != ',') {
                    throw error("expected ',' or ']' after an array element");
                }
            }
        }

        void skipString() {
            pos++;
            escaped = false;
            while (true) {
                int i = pos;
                while (i < src.length && PLAIN[src[i] & 0xFF]) {
                    i++;
                }
                pos = i;
                int b = peek() & 0xFF;
                if (b == '"') {
                    pos++;
                    return;
                }
                if (b == '\\') {
                    escaped = true;
                    pos++;
                    skipEscape();
                } else if (b < 0x20) {
                    throw error("control character in a string");
                } else {
                    skipUtf8(b);
                }
            }
        }

        private void skipEscape() {
            byte e = next();
            switch (e) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    // a one-character escape
                }
                case 'u' -> {
                    int start = pos - 2;
                    char unit = hex4();
                    if (Character.isHighSurrogate(unit) && pos + 1 < src.length && src[pos] == '\\'
                        && src[pos + 1] == 'u') {
                        pos += 2;
                        if (Character.isLowSurrogate(hex4())) {
                            return;
                        }
                    }
                    if (Character.isSurrogate(unit)) {
                        // decoded, it would leave a char that UTF-8 outputs can only replace with '?'
                        pos = start;
                        throw error("unpaired surrogate escape "
                                + new String(src, start, 6, StandardCharsets.US_ASCII));
                    }
                }
                default -> {
                    pos--;
                    throw error("unknown escape sequence");
                }
            }
        }

        /** The UTF-16 unit of the four hex digits at the position, which it skips. */
        private char hex4() {
            int unit = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(next(), 16);
                if (digit < 0) {
                    pos--;
                    throw error("\\u escape without four hex digits");
                }
                unit = unit << 4 | digit;
            }
            return (char) unit;
        }

        /** Skips one UTF-8 sequence of two to four bytes, refusing overlong forms and surrogates. */
        private void skipUtf8(int first) {
            int more;
            int low = 0x80;
            int high = 0xBF;
            if (first >= 0xC2 && first <= 0xDF) {
                more = 1;
            } else if (first >= 0xE0 && first <= 0xEF) {
                more = 2;
                low = first == 0xE0 ? 0xA0 : 0x80;
                high = first == 0xED ? 0x9F : 0xBF;
            } else if (first >= 0xF0 && first <= 0xF4) {
                more = 3;
                low = first == 0xF0 ? 0x90 : 0x80;
                high = first == 0xF4 ? 0x8F : 0xBF;
            } else {
                throw error("invalid UTF-8 start byte 0x" + Integer.toHexString(first));
            }
            if (pos + more >= src.length) {
                throw error("unexpected end of the message in a UTF-8 sequence");
            }
            int second = src[pos + 1] & 0xFF;
            if (second < low || second > high) {
                throw error("invalid UTF-8 sequence");
            }
            for (int i = 2; i <= more; i++) {
                if ((src[pos + i] & 0xC0) != 0x80) {
                    throw error("invalid UTF-8 sequence");
                }
            }
            pos += more + 1;
        }

        private void skipNumber() {
            int start = pos;
            if (src[pos] == '-') {
                pos++;
                if (pos < src.length && src[pos] == 'i') {
                    literal(INF);
                    return;
                }
            }
            if (pos < src.length && src[pos] == '0') {
                pos++;
            } else if (!skipDigits()) {
                pos = start;
                throw error("expected a JSON value");
            }
            if (pos < src.length && src[pos] == '.') {
                pos++;
                if (!skipDigits()) {
                    throw error("a number needs digits after its decimal point");
                }
            }
            if (pos < src.length && (src[pos] == 'e' || src[pos] == 'E')) {
                pos++;
                if (pos < src.length && (src[pos] == '+' || src[pos] == '-')) {
                    pos++;
                }
                if (!skipDigits()) {
                    throw error("a number needs digits in its exponent");
                }
            }
        }

        private boolean skipDigits() {
            int start = pos;
            while (pos < src.length && src[pos] >= '0' && src[pos] <= '9') {
                pos++;
            }
            return pos > start;
        }

        private void literal(byte[] word) {
            if (pos + word.length > src.length || !Arrays.equals(src, pos, pos + word.length, word, 0, word.length)) {
                throw error("expected a JSON value");
            }
            pos += word.length;
        }

        SyntaxException error(String problem) {
            return new SyntaxException(problem + " at byte " + pos);
        }
    }

    /**
     * Field names decoded once: a lock-free open-addressing table from UTF-8 bytes to the string,
     * copied on each new name (names are few and stop coming), bounded so a sensor sending endless
     * names costs a new string per field instead of memory. Thread-safe.
     */
    private static final class NameTable {
        /** A name, its UTF-8 bytes and their hash, and its id: its position in the order names were added. */
        record Entry(byte[] bytes, int hash, String name, int id) {
        }

        private final int maxNames;
        private volatile Entry[] table = new Entry[256];
        private int count;

        NameTable(int maxNames) {
            this.maxNames = maxNames;
        }

        /** A name the table does not hold: id -1. */
        static Entry unnumbered(String name) {
            return new Entry(null, 0, name, -1);
        }

        Entry get(byte[] src, int from, int to) {
            int hash = 0;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + src[i];
            }
            return get(src, from, to, hash);
        }

        /** The name of the bytes {@code from}-{@code to}, whose hash (31 * h + b over the bytes) is {@code hash}. */
        Entry get(byte[] src, int from, int to, int hash) {
            Entry[] entries = table;
            int mask = entries.length - 1;
            for (int i = hash & mask; entries[i] != null; i = (i + 1) & mask) {
                Entry entry = entries[i];
                if (entry.hash == hash && sameBytes(entry.bytes, src, from, to)) {
                    return entry;
                }
            }
            return add(src, from, to, hash);
        }

        /** A plain loop: names are short, and the vectorized Arrays.equals costs more to set up than to run here. */
        private static boolean sameBytes(byte[] known, byte[] src, int from, int to) {
            if (known.length != to - from) {
                return false;
            }
            for (int i = 0; i < known.length; i++) {
                if (known[i] != src[from + i]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The name of new bytes, kept unless the table is full. A kept name is interned, so the field
         * maps find the names the rules and the code ask for by identity.
         */
        private synchronized Entry add(byte[] src, int from, int to, int hash) {
            String name = new String(src, from, to - from, StandardCharsets.UTF_8);
            if (count >= maxNames) {
                return unnumbered(name);
            }
            Entry[] old = table;
            for (Entry e : old) {
                if (e != null && e.hash == hash && sameBytes(e.bytes, src, from, to)) {
                    // another thread added it meanwhile
                    return e;
                }
            }
            Entry entry = new Entry(Arrays.copyOfRange(src, from, to), hash, name.intern(), count);
            Entry[] copy = new Entry[(count + 1) * 2 > old.length ? old.length * 2 : old.length];
            for (Entry e : old) {
                if (e != null) {
                    insert(copy, e);
                }
            }
            insert(copy, entry);
            count++;
            table = copy;
            return entry;
        }

        private static void insert(Entry[] entries, Entry entry) {
            int mask = entries.length - 1;
            int i = entry.hash & mask;
            while (entries[i] != null) {
                i = (i + 1) & mask;
            }
            entries[i] = entry;
        }
    }
}
