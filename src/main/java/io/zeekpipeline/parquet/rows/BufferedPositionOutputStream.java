package io.zeekpipeline.parquet.rows;

import java.io.IOException;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A buffer in front of a Parquet file's stream: Parquet writes page headers, column indexes and the footer through
 * thrift a byte at a time, and each byte through Hadoop's stream stack took a lock, a statistics update and half a
 * dozen calls. Closing flushes the buffer and closes the stream. One per file; not thread-safe.
 */
final class BufferedPositionOutputStream extends PositionOutputStream {

    private static final int BUFFER_BYTES = 8 * 1024;

    private final PositionOutputStream out;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int count;

    private BufferedPositionOutputStream(PositionOutputStream out) {
        this.out = out;
    }

    /** {@code file} whose streams are buffered. */
    static OutputFile of(OutputFile file) {
        return new OutputFile() {
            @Override
            public PositionOutputStream create(long blockSizeHint) throws IOException {
                return new BufferedPositionOutputStream(file.create(blockSizeHint));
            }

            @Override
            public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
                return new BufferedPositionOutputStream(file.createOrOverwrite(blockSizeHint));
            }

            @Override
            public boolean supportsBlockSize() {
                return file.supportsBlockSize();
            }

            @Override
            public long defaultBlockSize() {
                return file.defaultBlockSize();
            }

            @Override
            public String getPath() {
                return file.getPath();
            }
        };
    }

    @Override
    public long getPos() throws IOException {
        return out.getPos() + count;
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buffer.length) {
            drain();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > buffer.length - count) {
            drain();
            if (len >= buffer.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try (PositionOutputStream closing = out) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buffer, 0, count);
            count = 0;
        }
    }
}
