package io.zeekpipeline.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.RejectedRecord;
import io.zeekpipeline.event.ZeekHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeadLetterPreparerTest {

    private static final int LIMIT = 64 * 1024;

    private final DeadLetterPreparer preparer = new DeadLetterPreparer(LIMIT);

    @Test
    void aMessageThatFitsKeepsEveryByteAndNoTruncationHeaders() {
        byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
        Exchange exchange = prepare(value, new IllegalArgumentException("malformed JSON"));

        assertArrayEquals(value, exchange.getIn().getBody(byte[].class));
        assertEquals("malformed JSON", exchange.getIn().getHeader(ZeekHeaders.DLQ_ERROR));
        assertEquals("zeek-raw", exchange.getIn().getHeader(ZeekHeaders.DLQ_SOURCE_TOPIC));
        assertEquals("2", exchange.getIn().getHeader(ZeekHeaders.DLQ_SOURCE_PARTITION));
        assertEquals("1234", exchange.getIn().getHeader(ZeekHeaders.DLQ_SOURCE_OFFSET));
        assertNull(exchange.getIn().getHeader(ZeekHeaders.DLQ_TRUNCATED));
    }

    @Test
    void aMessageLargerThanTheProducerTakesIsCutToLeaveRoomForHeaders() {
        byte[] value = new byte[100_000];
        Arrays.fill(value, (byte) 'x');
        Exchange exchange = prepare(value, new IllegalArgumentException("message of 100000 bytes exceeds the limit"));

        // 64 KiB less the 16 KiB kept for headers
        assertEquals(49_152, exchange.getIn().getBody(byte[].class).length);
        assertEquals("true", exchange.getIn().getHeader(ZeekHeaders.DLQ_TRUNCATED));
        assertEquals("100000", exchange.getIn().getHeader(ZeekHeaders.DLQ_ORIGINAL_SIZE));
        assertEquals("1234", exchange.getIn().getHeader(ZeekHeaders.DLQ_SOURCE_OFFSET));
    }

    @Test
    void aLongReasonIsCut() {
        Exchange exchange = prepare(new byte[1], new IllegalArgumentException("r".repeat(5000)));

        assertEquals(2001, exchange.getIn().getHeader(ZeekHeaders.DLQ_ERROR, String.class).length());
    }

    @Test
    void aLimitWithoutRoomForHeadersIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeadLetterPreparer(1000));
        assertEquals("pipeline.dead-letter.max-message-bytes must be at least 32768, was 1000", e.getMessage());
    }

    private Exchange prepare(byte[] value, Exception cause) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(new RejectedRecord(new ConsumedRecord("zeek-raw", 2, 1234, 0, value), cause));
        preparer.process(exchange);
        return exchange;
    }
}
