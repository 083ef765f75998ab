package io.zeekpipeline.event;

import java.util.List;

import io.zeekpipeline.normalize.ZeekFixtures;
import org.apache.camel.Exchange;
import org.apache.camel.language.simple.SimpleLanguage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LogTypeGroupTest {

    @Test
    void movesAnEventWhoseStepFailsToTheRejectsAndKeepsTheOthers() {
        ZeekEvent first = ZeekFixtures.detected("{'conn': {'ts': 1.5, 'uid': 'C1'}}", 0);
        ZeekEvent failing = ZeekFixtures.detected("{'conn': {'ts': 1.5, 'uid': 'C2'}}", 1);
        ZeekEvent last = ZeekFixtures.detected("{'conn': {'ts': 1.5, 'uid': 'C3'}}", 2);
        LogTypeGroup group = new LogTypeGroup("conn", true);
        List.of(first, failing, last).forEach(group::add);
        Rejects rejects = new Rejects();

        group.apply(event -> {
            if (event == failing) {
                throw new IllegalArgumentException("cannot");
            }
        }, rejects);

        assertEquals(List.of(first, last), group.events());
        assertSame(failing.source(), rejects.getRecords().get(0).record());
        assertEquals("cannot", rejects.getRecords().get(0).cause().getMessage());
    }

    @Test
    void offersTheLogTypeAndWhetherARuleKnowsItToSimpleExpressionsInRoutes() {
        Exchange exchange = ZeekFixtures.exchangeWith(new LogTypeGroup("vendor_quic", false));
        SimpleLanguage simple = new SimpleLanguage();
        simple.setCamelContext(exchange.getContext());

        assertEquals("vendor_quic", simple.createExpression("${body.logType}").evaluate(exchange, String.class));
        assertEquals(Boolean.FALSE, simple.createPredicate("${body.known}").matches(exchange));
        exchange.getIn().setBody(new LogTypeGroup("conn", true));
        assertEquals(Boolean.TRUE, simple.createPredicate("${body.known}").matches(exchange));
    }
}
