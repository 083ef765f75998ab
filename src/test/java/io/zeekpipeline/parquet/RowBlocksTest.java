package io.zeekpipeline.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RowBlocksTest {

    @Test
    void readsBackEveryByteWrittenAcrossManyBlocks() throws IOException {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        RowBlocks blocks = new RowBlocks();
        blocks.write(data[0]);
        blocks.write(data, 1, 99_999);
        blocks.write(data, 100_000, 200_000);

        assertArrayEquals(data, readAll(blocks.reader()));
    }

    @Test
    void appendsAnotherBufferAfterItsOwnBytes() throws IOException {
        RowBlocks batch = new RowBlocks();
        batch.write(new byte[] {1, 2, 3}, 0, 3);
        RowBlocks chunk = new RowBlocks();
        byte[] rows = new byte[5000];
        new Random(3).nextBytes(rows);
        chunk.write(rows, 0, rows.length);

        batch.append(chunk);

        byte[] read = readAll(batch.reader());
        assertEquals(5003, read.length);
        assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(read, 3));
        assertArrayEquals(rows, java.util.Arrays.copyOfRange(read, 3, 5003));
    }

    @Test
    void anEmptyBufferReadsNothing() throws IOException {
        assertEquals(-1, new RowBlocks().reader().read());
    }

    /** Reads with odd-sized requests, so reads cross block ends. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[777];
        for (int n = in.read(buffer, 0, buffer.length); n >= 0; n = in.read(buffer, 0, buffer.length)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
