package io.zeekpipeline.routes;

import io.zeekpipeline.deadletter.SendFailures;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * The error policy the output legs opt into: {@code retry-outputs} retries with exponential back-off
 * until the file system or broker is back, so a batch is never dropped while the pipeline runs; a
 * record the broker refuses for good goes to the refused-send handler instead of being retried. A
 * stop ends the retries (no redelivery while stopping, see {@link io.zeekpipeline.delivery.PipelineDrain}):
 * the batch's records stay uncommitted and are read again after a restart. (The ingest route needs
 * none: each step moves a record that fails to the poll's rejects, bound for the dead letters.)
 */
public class OutputErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        RouteConfigurationDefinition retryOutputs = routeConfiguration("retry-outputs");
        retryOutputs
                // a record the broker refuses for good (too large, invalid) is never retried: it is
                // dead-lettered, or a dead letter sent without its value
                .onException(Exception.class)
                    .onWhen(exchange -> SendFailures.refusedForGood(exchange.getException() != null
                            ? exchange.getException()
                            : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)))
                    .maximumRedeliveries(0)
                    .handled(true)
                    .process("refusedSendHandler").id("handle-refused-send");
        retryOutputs.errorHandler(defaultErrorHandler()
                .maximumRedeliveries(-1)
                .redeliveryDelay(500)
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(30_000)
                .allowRedeliveryWhileStopping(false)
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logRetryAttempted(true)
                .logStackTrace(false)
                .onRedeliveryRef("countOutputRetry"));
    }
}
