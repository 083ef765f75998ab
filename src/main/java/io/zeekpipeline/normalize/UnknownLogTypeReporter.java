package io.zeekpipeline.normalize;

import io.zeekpipeline.model.LogTypeGroup;
import io.zeekpipeline.ops.RateLimitedLog;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

/**
 * Warns (rate-limited) that a log type has no normalization rule: it still flows, under the
 * {@code _default} rule and the generic Parquet layout, until someone adds it. Thread-safe.
 */
public class UnknownLogTypeReporter implements Processor {

    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger("pipeline"), 60_000);

    @Override
    public void process(Exchange exchange) {
        LOG.warn("log type without a normalization rule, written with the default rule | log_type={}",
                exchange.getIn().getBody(LogTypeGroup.class).getLogType());
    }
}
