package io.zeekpipeline.deadletter;

import java.time.Duration;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.RejectedRecord;
import io.zeekpipeline.event.SourceOffsets;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.output.OutputBatch;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a Kafka send that a record made fail for good ({@link SendFailures#refusedForGood}), instead
 * of retrying it forever: an output batch is sent again record by record and the records refused
 * are dead-lettered with the reason; a dead letter is sent again without its value, marked
 * truncated. What still cannot be sent stays owed (never committed), counted and logged as an error.
 * Thread-safe.
 */
public class RefusedSendHandler implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("pipeline");
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final CamelContext context;
    private final Delivery delivery;
    private final DeadLetterAcknowledger deadLetters;
    private final PipelineMetrics metrics;
    private volatile ProducerTemplate template;

    public RefusedSendHandler(CamelContext context, Delivery delivery, DeadLetterAcknowledger deadLetters,
            PipelineMetrics metrics) {
        this.context = context;
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    private enum Outcome { SENT, REFUSED, GAVE_UP }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String endpoint = exchange.getProperty(Exchange.TO_ENDPOINT, String.class);
        metrics.error();
        if (endpoint == null) {
            throw new IllegalStateException("a refused send without the endpoint it went to", failure);
        }
        if (exchange.getIn().getBody() instanceof OutputBatch batch) {
            LOG.warn("output batch of {} records refused ({}); sending them one by one", batch.size(),
                    failure.toString());
            sendOneByOne(batch, endpoint);
        } else if (exchange.getProperty(ZeekHeaders.REJECTED) instanceof RejectedRecord rejected) {
            sendWithoutValue(exchange.getIn(), rejected, endpoint, failure);
        } else {
            throw new IllegalStateException("a refused send of neither an output batch nor a dead letter", failure);
        }
    }

    private void sendOneByOne(OutputBatch batch, String endpoint) throws InterruptedException {
        SourceOffsets done = new SourceOffsets();
        for (int i = 0; i < batch.size(); i++) {
            Message message = batch.message(i);
            ConsumedRecord source = batch.source(i);
            Exchange result = sendWithRetry(endpoint, copy -> {
                copy.getIn().setBody(message.getBody());
                copy.getIn().setHeader(ZeekHeaders.EVENT_ID, message.getHeader(ZeekHeaders.EVENT_ID));
                // the key keeps a flow's messages in one partition of the output topic
                copy.getIn().setHeader(KafkaConstants.KEY, message.getHeader(KafkaConstants.KEY));
            });
            Outcome outcome = outcome(result);
            if (outcome == Outcome.SENT) {
                metrics.outputSent(batch.logType(i), 1);
                done.add(source.topic(), source.partition(), source.offset());
            } else if (outcome == Outcome.REFUSED && deadLetter(source, result.getException())) {
                done.add(source.topic(), source.partition(), source.offset());
            } else {
                stillOwed(source, result.getException());
            }
        }
        delivery.durable(done, Output.KAFKA);
        metrics.inFlight(-batch.bytes());
    }

    /** Dead-letters a record the output topic refused; true once the dead-letter topic has it. */
    private boolean deadLetter(ConsumedRecord source, Exception refusal) {
        metrics.error();
        RejectedRecord rejected = new RejectedRecord(source,
                new IllegalArgumentException("the output topic refused the record: " + refusal));
        source.rejected();
        template().send("direct:dead-letter", copy -> copy.getIn().setBody(rejected));
        return source.isDeadLettered();
    }

    private void sendWithoutValue(Message failed, RejectedRecord rejected, String endpoint, Throwable failure)
            throws InterruptedException {
        ConsumedRecord source = rejected.record();
        LOG.warn("dead letter refused ({}); sending it without its value | topic={} partition={} offset={}",
                failure.toString(), source.topic(), source.partition(), source.offset());
        Exchange result = sendWithRetry(endpoint, copy -> {
            copy.getIn().setHeaders(failed.getHeaders());
            copy.getIn().setBody(new byte[0]);
            DeadLetterPreparer.markTruncated(copy.getIn(), source.value() == null ? 0 : source.value().length);
        });
        if (outcome(result) == Outcome.SENT) {
            deadLetters.acknowledged(rejected);
        } else {
            stillOwed(source, result.getException());
        }
    }

    private void stillOwed(ConsumedRecord source, Exception cause) {
        metrics.error();
        LOG.error("record could not be sent nor dead-lettered; it stays owed and partition {}-{} commits no further "
                  + "than offset {} until a restart reads it again | error={}", source.topic(), source.partition(),
                source.offset(), String.valueOf(cause));
    }

    /** Sends, retrying with back-off what a retry can cure, until sent, refused for good or stopping. */
    private Exchange sendWithRetry(String endpoint, Processor filler) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            Exchange result = template().send(endpoint, filler);
            if (outcome(result) != Outcome.GAVE_UP || context.isStopping() || context.isStopped()) {
                return result;
            }
            metrics.error();
            LOG.warn("send failed, retrying in {} ms | error={}", backoff.toMillis(), result.getException().toString());
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private static Outcome outcome(Exchange result) {
        if (result.getException() == null) {
            return Outcome.SENT;
        }
        return SendFailures.refusedForGood(result.getException()) ? Outcome.REFUSED : Outcome.GAVE_UP;
    }

    private ProducerTemplate template() {
        ProducerTemplate current = template;
        if (current == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                current = template;
            }
        }
        return current;
    }
}
