package io.zeekpipeline.event;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The aggregation strategy of a per-event split of a {@link LogTypeGroup} in the ingest route
 * ({@code split: simple: "${body.events}"}, {@code aggregationStrategy: keptEvents}): after the split the
 * body is a new group of the events no step stopped, so later steps and the outputs see only those, and
 * register-offsets releases the others as dropped by a route. The group the split started from is not
 * changed. A failed event fails the group's exchange, as any failed step does. Stateless; a split hands it one
 * event at a time (not with {@code parallelAggregate}, which would add to one group from several threads).
 */
public final class KeptEvents implements AggregationStrategy {

    /** The bean name routes refer to. */
    public static final String BEAN = "keptEvents";

    @Override
    public Exchange aggregate(Exchange kept, Exchange event) {
        throw new UnsupportedOperationException("keptEvents needs the split's input exchange");
    }

    @Override
    public Exchange aggregate(Exchange kept, Exchange event, Exchange input) {
        Message whole = input.getIn();
        if (!(whole.getBody() instanceof LogTypeGroup group)) {
            input.setException(new IllegalStateException("keptEvents aggregates a split of a LogTypeGroup's "
                    + "events, the split's body was " + typeOf(whole.getBody())));
            return input;
        }
        if (kept == null) {
            // the first event: the split iterates the original group's list, which stays as it is
            group = new LogTypeGroup(group.getLogType(), group.isKnown());
            whole.setBody(group);
        }
        Object body = event.getIn().getBody();
        if (event.getException() != null) {
            input.setException(event.getException());
        } else if (body instanceof ZeekEvent zeekEvent) {
            // a stopped event stays out: register-offsets releases it when the poll completes
            if (!event.isRouteStop()) {
                group.add(zeekEvent);
            }
        } else {
            input.setException(new IllegalStateException("a step of a split with keptEvents must keep the "
                    + "ZeekEvent body, it left " + typeOf(body)));
        }
        // the split's result is its input exchange: a stopped event never stops the group
        return input;
    }

    private static String typeOf(Object body) {
        return body == null ? "null" : body.getClass().getName();
    }
}
