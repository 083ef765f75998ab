package io.zeekpipeline.parquet;

import java.io.ByteArrayOutputStream;

/** One row being encoded, reused from row to row; its bytes are read in place. Not thread-safe. */
final class RowBuffer extends ByteArrayOutputStream {

    RowBuffer() {
        super(1024);
    }

    /** The internal array; the row is its first {@link #size()} bytes. */
    byte[] buf() {
        return buf;
    }
}
