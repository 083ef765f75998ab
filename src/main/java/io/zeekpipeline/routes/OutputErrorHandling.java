package io.zeekpipeline.routes;

import io.zeekpipeline.normalize.InvalidMessageException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The two error policies routes opt into: {@code dead-letter-on-error} (ingest: a record that fails
 * goes to the dead-letter route, the rest flows) and {@code retry-outputs} (output legs: retry with
 * exponential back-off until the file system or broker is back, so a batch is never dropped).
 */
public class OutputErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration("dead-letter-on-error")
                .onException(InvalidMessageException.class, Exception.class)
                .handled(true)
                .to("direct:dead-letter").id("to-dead-letter");

        routeConfiguration("retry-outputs")
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(-1)
                        .redeliveryDelay(500)
                        .useExponentialBackOff()
                        .backOffMultiplier(2)
                        .maximumRedeliveryDelay(30_000)
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logRetryAttempted(true)
                        .logStackTrace(false)
                        .onRedeliveryRef("countOutputRetry"));
    }
}
