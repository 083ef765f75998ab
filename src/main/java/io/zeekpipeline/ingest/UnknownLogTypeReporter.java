package io.zeekpipeline.ingest;

import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.ops.RateLimitedLog;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

/**
 * Lets a group of a log type without a normalization rule flow, under the {@code _default} rule and
 * the generic Parquet layout, while the {@link UnknownLogTypeLimit} admits its type (warned,
 * rate-limited); otherwise sends its records to the dead letters and stops the group, so a flood of
 * new log types cannot fill the memory with their layouts and batches. Thread-safe.
 */
public class UnknownLogTypeReporter implements Processor {

    private static final RateLimitedLog ADMITTED = new RateLimitedLog(LoggerFactory.getLogger("pipeline"), 60_000);
    private static final RateLimitedLog REFUSED = new RateLimitedLog(LoggerFactory.getLogger("pipeline"), 60_000);

    private final UnknownLogTypeLimit limit;
    private final PipelineMetrics metrics;

    public UnknownLogTypeReporter(UnknownLogTypeLimit limit, PipelineMetrics metrics) {
        this.limit = limit;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        LogTypeGroup group = exchange.getIn().getBody(LogTypeGroup.class);
        String logType = group.getLogType();
        if (limit.admit(logType, group.events().size())) {
            ADMITTED.warn("log type without a normalization rule, written with the default rule | log_type={}",
                    logType);
            return;
        }
        UnknownLogTypeRefusedException cause = new UnknownLogTypeRefusedException("log type '" + logType
                + "' has no normalization rule and the limit of log types without one is reached "
                + "(pipeline.input.max-unknown-log-types=" + limit.maxTypes() + " per " + limit.window().toMinutes()
                + " minutes)");
        Rejects rejects = Rejects.of(exchange);
        for (ZeekEvent event : group.events()) {
            rejects.add(event.source(), cause);
        }
        metrics.unknownLogTypeRefused(group.events().size());
        REFUSED.warn("log type without a normalization rule refused, records go to the dead letters | log_type={} "
                     + "max_unknown_log_types={} window_minutes={}",
                     logType, limit.maxTypes(), limit.window().toMinutes());
        // only this group's part of the split stops: the poll's other groups and its rejects go on
        exchange.setRouteStop(true);
    }
}
