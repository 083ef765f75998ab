package io.zeekpipeline.event;

import java.util.List;

import io.zeekpipeline.normalize.ZeekFixtures;
import org.apache.camel.Exchange;
import org.apache.camel.language.simple.SimpleLanguage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The per-event view: Simple reads an event's fields, and a split with keptEvents keeps the events not stopped. */
class KeptEventsTest {

    private final KeptEvents strategy = new KeptEvents();

    @Test
    void simpleReadsNormalizedRawAndEnrichedFieldsByName() {
        Exchange exchange = ZeekFixtures.exchangeWith(ZeekFixtures.enriched(
                "{'dns': {'ts': 1700000000.5, 'uid': 'C1', 'id.orig_h': '10.0.0.1', 'id.resp_p': 53,"
                + " 'query': 'www.example.com', 'rejected': false, 'TTLs': null}}"));
        SimpleLanguage simple = new SimpleLanguage();
        simple.setCamelContext(exchange.getContext());

        assertEquals("10.0.0.1", simple.createExpression("${body.field('src_ip')}").evaluate(exchange, String.class));
        assertEquals("53", simple.createExpression("${body.field('dst_port')}").evaluate(exchange, String.class));
        assertEquals("www.example.com",
                simple.createExpression("${body.field('query')}").evaluate(exchange, String.class));
        assertEquals("false", simple.createExpression("${body.field('rejected')}").evaluate(exchange, String.class));
        assertEquals("true",
                simple.createExpression("${body.field('src_ip_is_private')}").evaluate(exchange, String.class));
        assertEquals(true, simple.createPredicate("${body.field('dst_port')} == 53").matches(exchange));
        ZeekEvent event = exchange.getIn().getBody(ZeekEvent.class);
        assertNull(event.field("TTLs"), "a null field");
        assertNull(event.field("no_such_field"));
    }

    @Test
    void rebuildsTheGroupFromTheEventsNoStepStoppedAndLeavesTheOriginalAsItWas() {
        ZeekEvent first = ZeekFixtures.enriched("{'conn': {'ts': 1.5, 'uid': 'C1'}}", 0);
        ZeekEvent stopped = ZeekFixtures.enriched("{'conn': {'ts': 1.5, 'uid': 'C2'}}", 1);
        ZeekEvent last = ZeekFixtures.enriched("{'conn': {'ts': 1.5, 'uid': 'C3'}}", 2);
        LogTypeGroup original = new LogTypeGroup("conn", true);
        List.of(first, stopped, last).forEach(original::add);
        Exchange input = ZeekFixtures.exchangeWith(original);

        Exchange result = strategy.aggregate(null, sub(input, first), input);
        Exchange stoppedSub = sub(input, stopped);
        stoppedSub.setRouteStop(true);
        result = strategy.aggregate(result, stoppedSub, input);
        result = strategy.aggregate(result, sub(input, last), input);

        assertSame(input, result);
        assertFalse(result.isRouteStop(), "a stopped event does not stop the group");
        LogTypeGroup kept = result.getIn().getBody(LogTypeGroup.class);
        assertNotSame(original, kept);
        assertEquals(List.of(first, last), kept.events());
        assertEquals("conn", kept.getLogType());
        assertEquals(List.of(first, stopped, last), original.events());
    }

    @Test
    void failsTheGroupWhenAnEventFailedOrAStepReplacedTheEvent() {
        ZeekEvent event = ZeekFixtures.enriched("{'conn': {'ts': 1.5, 'uid': 'C1'}}", 0);
        LogTypeGroup group = new LogTypeGroup("conn", true);
        group.add(event);
        Exchange input = ZeekFixtures.exchangeWith(group);
        Exchange failed = sub(input, event);
        failed.setException(new IllegalArgumentException("no such method"));

        assertEquals("no such method", strategy.aggregate(null, failed, input).getException().getMessage());

        Exchange other = ZeekFixtures.exchangeWith(group);
        Exchange replaced = sub(other, event);
        replaced.getIn().setBody("{\"json\": true}");
        assertEquals("a step of a split with keptEvents must keep the ZeekEvent body, it left java.lang.String",
                strategy.aggregate(null, replaced, other).getException().getMessage());
    }

    private static Exchange sub(Exchange input, ZeekEvent event) {
        Exchange sub = input.copy();
        sub.getIn().setBody(event);
        return sub;
    }
}
