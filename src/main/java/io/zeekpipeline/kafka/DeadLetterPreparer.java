package io.zeekpipeline.kafka;

import io.zeekpipeline.ZeekHeaders;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.ops.RateLimitedLog;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

/**
 * Prepares a rejected message for the dead-letter topic: the original bytes as the body, headers
 * naming the error and the source topic, partition and offset; counts and logs it (rate-limited).
 * Stateless and thread-safe.
 */
public class DeadLetterPreparer implements Processor {

    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger("pipeline"), 10_000);

    /** Exchange property keeping the {@link RejectedRecord} while the body is the message to send. */
    public static final String REJECTED = "zeekRejected";

    private final PipelineMetrics metrics;

    public DeadLetterPreparer(PipelineMetrics metrics) {
        this.metrics = metrics;
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
        exchange.setProperty(REJECTED, rejected);
        Message in = exchange.getIn();
        in.removeHeaders("*");
        in.setBody(source.value());
        in.setHeader(ZeekHeaders.DLQ_ERROR, reason);
        in.setHeader(ZeekHeaders.DLQ_ERROR_CLASS, cause.getClass().getName());
        in.setHeader(ZeekHeaders.DLQ_SOURCE_TOPIC, topic);
        in.setHeader(ZeekHeaders.DLQ_SOURCE_PARTITION, partition);
        in.setHeader(ZeekHeaders.DLQ_SOURCE_OFFSET, offset);
        metrics.deadLettered();
        LOG.warn("message rejected to dead letters | topic={} partition={} offset={} reason={}",
                topic, partition, offset, reason);
    }
}
