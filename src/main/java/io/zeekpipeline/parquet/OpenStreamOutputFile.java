package io.zeekpipeline.parquet;

import java.io.IOException;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output file over a stream its caller opened and ends: Parquet's close only flushes, so the caller
 * completes the file by closing the stream or abandons it by aborting it. One per file; not thread-safe.
 */
final class OpenStreamOutputFile implements OutputFile {

    private final FSDataOutputStream stream;

    OpenStreamOutputFile(FSDataOutputStream stream) {
        this.stream = stream;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new DelegatingPositionOutputStream(stream) {
            @Override
            public long getPos() {
                return stream.getPos();
            }

            @Override
            public void close() throws IOException {
                stream.flush();
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }
}
