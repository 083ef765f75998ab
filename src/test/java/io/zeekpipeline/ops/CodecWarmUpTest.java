package io.zeekpipeline.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CodecWarmUpTest {

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyOutputCodecReadsBackTheRecordItCompressed(String codec) {
        assertEquals(1, CodecWarmUp.roundTrip(codec));
    }

    @Test
    void aCodecKafkaDoesNotKnowCostsOnlyTheWarmUp() {
        assertEquals(0, CodecWarmUp.roundTrip("brotli"));
    }
}
