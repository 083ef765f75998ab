package io.zeekpipeline.parquet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Consumer;

import io.zeekpipeline.kafka.SourceOffsets;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * The rows of one future Parquet file (one log type, one event-time hour), kept Avro-binary encoded
 * back to back, with their source offsets and the source message bytes they stand for. Owned by one
 * aggregation group; not thread-safe.
 */
public final class ParquetBatch {

    private final String key;
    private final String logType;
    private final String directory;
    private final ByteArrayOutputStream rows = new ByteArrayOutputStream(64 * 1024);
    private final SourceOffsets offsets = new SourceOffsets();
    private int count;
    private long bytes;

    public ParquetBatch(ParquetRow first) {
        this.key = first.bucket();
        this.logType = first.logType();
        // one folder per batch: every row of a bucket shares the first row's hour
        this.directory = PartitionPath.directoryOf(first.logType(), first.eventTimeMicros());
    }

    void add(ParquetRow row) {
        rows.writeBytes(row.avro());
        offsets.add(row.topic(), row.partition(), row.offset());
        count++;
        bytes += row.messageBytes();
    }

    /** Decodes the rows in order into one reused record and hands each to {@code sink}. */
    void forEachRow(LogTypeLayout layout, Consumer<GenericData.Record> sink) throws IOException {
        GenericDatumReader<GenericData.Record> reader = new GenericDatumReader<>(layout.schema());
        BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(new ByteArrayInputStream(rows.toByteArray()), null);
        GenericData.Record reuse = null;
        for (int i = 0; i < count; i++) {
            reuse = reader.read(reuse, decoder);
            sink.accept(reuse);
        }
    }

    public String key() {
        return key;
    }

    public String logType() {
        return logType;
    }

    /** Folder of the batch's partition, relative to the base path. */
    public String directory() {
        return directory;
    }

    public int rowCount() {
        return count;
    }

    public SourceOffsets offsets() {
        return offsets;
    }

    /** Size of the source messages of the rows (the measure of flush_buffer_mb). */
    public long bytes() {
        return bytes;
    }
}
