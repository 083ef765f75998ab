package io.zeekpipeline.kafka;

import io.zeekpipeline.ZeekHeaders;
import io.zeekpipeline.model.ZeekEvent;
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

    private final PipelineMetrics metrics;

    public DeadLetterPreparer(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message in = exchange.getIn();
        ConsumedRecord source = in.getHeader(ZeekHeaders.RECORD, ConsumedRecord.class);
        ZeekEvent event = source == null ? null : source.event();
        Object original = event != null ? event.original() : in.getBody();
        String topic = source == null ? "unknown" : source.topic();
        String partition = source == null ? "unknown" : String.valueOf(source.partition());
        String offset = source == null ? "unknown" : String.valueOf(source.offset());
        String reason = cause == null ? "unknown" : String.valueOf(cause.getMessage());
        in.removeHeaders("*");
        in.setBody(original);
        in.setHeader(ZeekHeaders.DLQ_ERROR, reason);
        in.setHeader(ZeekHeaders.DLQ_ERROR_CLASS, cause == null ? "unknown" : cause.getClass().getName());
        in.setHeader(ZeekHeaders.DLQ_SOURCE_TOPIC, topic);
        in.setHeader(ZeekHeaders.DLQ_SOURCE_PARTITION, partition);
        in.setHeader(ZeekHeaders.DLQ_SOURCE_OFFSET, offset);
        metrics.deadLettered();
        LOG.warn("message rejected to dead letters | topic={} partition={} offset={} reason={}",
                topic, partition, offset, reason);
    }
}
