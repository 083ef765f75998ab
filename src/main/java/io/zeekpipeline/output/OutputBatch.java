package io.zeekpipeline.output;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.SourceOffsets;
import io.zeekpipeline.event.ZeekHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

/**
 * A batch for the output topic: iterable as Camel messages (camel-kafka sends an Iterable body as
 * one batch, each message with its event-id header), plus the source offsets to acknowledge once
 * the broker has them. A poll's group starts as a chunk that the aggregator appends to the open
 * batch. Owned by one exchange at a time; not thread-safe.
 */
public final class OutputBatch implements Iterable<Message> {

    private final List<Message> messages = new ArrayList<>();
    private final List<ConsumedRecord> sources = new ArrayList<>();
    /** The log type of each message: a chunk has one, a batch the runs of its chunks. */
    private final List<String> logTypes = new ArrayList<>();
    private final SourceOffsets offsets = new SourceOffsets();
    private long bytes;

    /** Adds a message of {@code logType}; {@code key} is its Kafka key, null for none. */
    void add(CamelContext context, byte[] json, ConsumedRecord source, String logType, String key) {
        Message message = new DefaultMessage(context);
        message.setBody(json);
        message.setHeader(ZeekHeaders.EVENT_ID, source.eventId());
        if (key != null) {
            message.setHeader(KafkaConstants.KEY, key);
        }
        messages.add(message);
        sources.add(source);
        logTypes.add(logType);
        offsets.add(source.topic(), source.partition(), source.offset());
        bytes += json.length;
    }

    /** Moves a later chunk to the end of this batch. */
    void append(OutputBatch chunk) {
        messages.addAll(chunk.messages);
        sources.addAll(chunk.sources);
        logTypes.addAll(chunk.logTypes);
        offsets.addAll(chunk.offsets);
        bytes += chunk.bytes;
    }

    @Override
    public Iterator<Message> iterator() {
        return messages.iterator();
    }

    /** The message at {@code index}, as sent. */
    public Message message(int index) {
        return messages.get(index);
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
        return messages.size();
    }

    public long bytes() {
        return bytes;
    }

    public SourceOffsets offsets() {
        return offsets;
    }
}
