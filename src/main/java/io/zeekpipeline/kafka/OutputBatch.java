package io.zeekpipeline.kafka;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.zeekpipeline.ZeekHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

/**
 * A batch for the output topic: iterable as Camel messages (camel-kafka sends an Iterable body as
 * one batch, each message with its event-id header), plus the source offsets to acknowledge once
 * the broker has them. Owned by one aggregation group; not thread-safe.
 */
public final class OutputBatch implements Iterable<Message> {

    private final List<Message> messages = new ArrayList<>();
    private final SourceOffsets offsets = new SourceOffsets();
    private long bytes;

    void add(CamelContext context, OutputRecord record) {
        Message message = new DefaultMessage(context);
        message.setBody(record.json());
        message.setHeader(ZeekHeaders.EVENT_ID, record.eventId());
        messages.add(message);
        offsets.add(record.topic(), record.partition(), record.offset());
        bytes += record.json().length;
    }

    @Override
    public Iterator<Message> iterator() {
        return messages.iterator();
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
