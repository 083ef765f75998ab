package io.zeekpipeline.parquet.rows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowBlocksTest {

    /** A row of a long, a string of {@code length} chars, a double and a null. */
    private static RowBuffer row(long number, int length) {
        RowBuffer row = new RowBuffer();
        row.writePresent();
        row.writeLong(number);
        row.writePresent();
        row.writeString("x".repeat(length));
        row.writePresent();
        row.writeDouble(number / 4.0);
        row.writeNull();
        return row;
    }

    /** The long and the string length of every row, in order, checking the rest of each row. */
    private static List<Long> read(RowBlocks blocks) {
        List<Long> values = new ArrayList<>();
        RowReader reader = blocks.reader();
        while (reader.nextRow()) {
            assertTrue(reader.readPresent());
            long number = reader.readLong();
            assertTrue(reader.readPresent());
            values.add(number);
            values.add((long) reader.readBinary().length());
            assertTrue(reader.readPresent());
            assertEquals(number / 4.0, reader.readDouble());
            assertFalse(reader.readPresent());
        }
        return values;
    }

    @Test
    void readsBackEveryRowInOrderAcrossManyBlocks() {
        RowBlocks blocks = new RowBlocks();
        List<Long> expected = new ArrayList<>();
        for (long i = -500; i < 5000; i++) {
            // lengths from 0 to 999: rows fill blocks unevenly
            int length = (int) Math.floorMod(i * 37, 1000L);
            blocks.add(row(i * 1_000_003L, length));
            expected.add(i * 1_000_003L);
            expected.add((long) length);
        }

        assertEquals(expected, read(blocks));
    }

    @Test
    void appendsAnotherBuffersRowsAfterItsOwn() {
        RowBlocks batch = new RowBlocks();
        batch.add(row(1, 10));
        RowBlocks chunk = new RowBlocks();
        for (int i = 2; i <= 400; i++) {
            chunk.add(row(i, 100));
        }

        batch.append(chunk);

        List<Long> values = read(batch);
        assertEquals(800, values.size());
        assertEquals(List.of(1L, 10L, 2L, 100L), values.subList(0, 4));
        assertEquals(List.of(400L, 100L), values.subList(798, 800));
    }

    @Test
    void keepsARowLargerThanTheLargestBlockWhole() {
        RowBlocks blocks = new RowBlocks();
        blocks.add(row(7, 10));
        blocks.add(row(Long.MIN_VALUE, 200_000));
        blocks.add(row(Long.MAX_VALUE, 3));

        assertEquals(List.of(7L, 10L, Long.MIN_VALUE, 200_000L, Long.MAX_VALUE, 3L), read(blocks));
    }

    @Test
    void writesNonAsciiStringsAsUtf8() {
        RowBuffer row = new RowBuffer();
        row.writeString("dns-é-日本");
        RowBlocks blocks = new RowBlocks();
        blocks.add(row);

        RowReader reader = blocks.reader();
        assertTrue(reader.nextRow());
        assertEquals("dns-é-日本", reader.readBinary().toStringUsingUTF8());
    }

    @Test
    void anEmptyBufferHasNoRows() {
        assertFalse(new RowBlocks().reader().nextRow());
    }
}
