package io.zeekpipeline.output;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.SourceOffsets;
import io.zeekpipeline.event.ZeekHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

/**
 * A batch for the output topic: iterable as Camel messages (camel-kafka sends an Iterable body as
 * one batch, each message with its event-id header and its key), plus the source offsets to acknowledge once
 * the broker has them. A poll's group starts as a chunk that the aggregator appends to the open
 * batch. Owned by one exchange at a time; not thread-safe.
 */
public final class OutputBatch implements Iterable<Message> {

    private final List<byte[]> values = new ArrayList<>();
    /** The Kafka key of each message, null for none. */
    private final List<String> keys = new ArrayList<>();
    private final List<ConsumedRecord> sources = new ArrayList<>();
    /** The log type of each message: a chunk has one, a batch the runs of its chunks. */
    private final List<String> logTypes = new ArrayList<>();
    private final SourceOffsets offsets = new SourceOffsets();
    private long bytes;
    private CamelContext context;

    /** Adds a message of {@code logType}; {@code key} is its Kafka key, null for none. */
    void add(CamelContext context, byte[] json, ConsumedRecord source, String logType, String key) {
        this.context = context;
        values.add(json);
        keys.add(key);
        sources.add(source);
        logTypes.add(logType);
        offsets.add(source.topic(), source.partition(), source.offset());
        bytes += json.length;
    }

    /** Moves a later chunk to the end of this batch. */
    void append(OutputBatch chunk) {
        if (context == null) {
            context = chunk.context;
        }
        values.addAll(chunk.values);
        keys.addAll(chunk.keys);
        sources.addAll(chunk.sources);
        logTypes.addAll(chunk.logTypes);
        offsets.addAll(chunk.offsets);
        bytes += chunk.bytes;
    }

    /**
     * The messages in order, as ONE message refilled by each {@code next()}: camel-kafka turns each into its Kafka
     * record before it asks for the next one, so a message per record (and its header map) would only be garbage.
     * A caller that keeps messages takes them from {@link #message(int)}.
     */
    @Override
    public Iterator<Message> iterator() {
        if (values.isEmpty()) {
            // every chunk empty (a route dropped all their events): no context to make a message with, none needed
            return Collections.emptyIterator();
        }
        Message message = new DefaultMessage(context);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < values.size();
            }

            @Override
            public Message next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                fill(message, next++);
                return message;
            }
        };
    }

    /** The message at {@code index}, as sent: a message of its own. */
    public Message message(int index) {
        Message message = new DefaultMessage(context);
        fill(message, index);
        return message;
    }

    private void fill(Message message, int index) {
        message.setBody(values.get(index));
        message.setHeader(ZeekHeaders.EVENT_ID, sources.get(index).eventId());
        String key = keys.get(index);
        if (key != null) {
            message.setHeader(KafkaConstants.KEY, key);
        } else {
            message.removeHeader(KafkaConstants.KEY);
        }
    }

    /** The consumed record the message at {@code index} was made from. */
    public ConsumedRecord source(int index) {
        return sources.get(index);
    }

    /** The log type of the message at {@code index}. */
    public String logType(int index) {
        return logTypes.get(index);
    }

    /** The number of messages by log type, counted over the runs the chunks left (one per chunk). */
    public Map<String, Integer> sizeByLogType() {
        Map<String, Integer> sizes = new HashMap<>();
        int runStart = 0;
        for (int i = 1; i <= logTypes.size(); i++) {
            if (i == logTypes.size() || !logTypes.get(i).equals(logTypes.get(runStart))) {
                sizes.merge(logTypes.get(runStart), i - runStart, Integer::sum);
                runStart = i;
            }
        }
        return sizes;
    }

    public int size() {
        return values.size();
    }

    public long bytes() {
        return bytes;
    }

    public SourceOffsets offsets() {
        return offsets;
    }
}
