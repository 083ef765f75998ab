package io.zeekpipeline.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The error policy the output legs opt into: {@code retry-outputs} retries with exponential back-off
 * until the file system or broker is back, so a batch is never dropped while the pipeline runs. A
 * stop ends the retries (no redelivery while stopping, see {@link io.zeekpipeline.ops.PipelineDrain}):
 * the batch's records stay uncommitted and are read again after a restart. (The ingest route needs
 * none: each step moves a record that fails to the poll's rejects, bound for the dead letters.)
 */
public class OutputErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration("retry-outputs")
                .errorHandler(defaultErrorHandler()
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
