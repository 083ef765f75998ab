package io.zeekpipeline.deadletter;

import java.util.Arrays;

import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.RejectedRecord;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.ops.RateLimitedLog;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

/**
 * Prepares a rejected message for the dead-letter topic: the original bytes as the body (cut to
 * what the dead-letter producer may send, with headers saying so), headers naming the error and the
 * source topic, partition and offset; logs it (rate-limited). Stateless and thread-safe.
 */
public class DeadLetterPreparer implements Processor {

    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger("pipeline"), 10_000);

    /** Room left in a dead letter for its headers and Kafka's record overhead. */
    static final int HEADER_ALLOWANCE = 16 * 1024;
    /** Longest reason kept in the error header, in characters. */
    private static final int MAX_REASON_CHARS = 2000;

    private final int maxValueBytes;

    /**
     * @param maxMessageBytes the dead-letter producer's largest request
     *        ({@code pipeline.dead-letter.max-message-bytes})
     */
    public DeadLetterPreparer(int maxMessageBytes) {
        if (maxMessageBytes < 2 * HEADER_ALLOWANCE) {
            throw new IllegalArgumentException("pipeline.dead-letter.max-message-bytes must be at least "
                                               + 2 * HEADER_ALLOWANCE + ", was " + maxMessageBytes);
        }
        this.maxValueBytes = maxMessageBytes - HEADER_ALLOWANCE;
    }

    @Override
    public void process(Exchange exchange) {
        RejectedRecord rejected = exchange.getIn().getBody(RejectedRecord.class);
        if (rejected == null) {
            throw new IllegalStateException("the dead-letter route takes a RejectedRecord body");
        }
        ConsumedRecord source = rejected.record();
        Exception cause = rejected.cause();
        String topic = source.topic();
        String partition = String.valueOf(source.partition());
        String offset = String.valueOf(source.offset());
        String reason = String.valueOf(cause.getMessage());
        if (reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS) + "…";
        }
        exchange.setProperty(ZeekHeaders.REJECTED, rejected);
        Message in = exchange.getIn();
        in.removeHeaders("*");
        byte[] original = source.value() == null ? new byte[0] : source.value();
        if (original.length > maxValueBytes) {
            // the source coordinates stay authoritative: the whole message is still in the input topic
            in.setBody(Arrays.copyOf(original, maxValueBytes));
            markTruncated(in, original.length);
        } else {
            in.setBody(original);
        }
        in.setHeader(ZeekHeaders.DLQ_ERROR, reason);
        in.setHeader(ZeekHeaders.DLQ_ERROR_CLASS, cause.getClass().getName());
        in.setHeader(ZeekHeaders.DLQ_SOURCE_TOPIC, topic);
        in.setHeader(ZeekHeaders.DLQ_SOURCE_PARTITION, partition);
        in.setHeader(ZeekHeaders.DLQ_SOURCE_OFFSET, offset);
        LOG.warn("message rejected to dead letters | topic={} partition={} offset={} reason={}",
                topic, partition, offset, reason);
    }

    /** Headers of a dead letter that holds only the start of (or none of) the original message. */
    static void markTruncated(Message message, int originalSize) {
        message.setHeader(ZeekHeaders.DLQ_TRUNCATED, "true");
        message.setHeader(ZeekHeaders.DLQ_ORIGINAL_SIZE, String.valueOf(originalSize));
    }
}
