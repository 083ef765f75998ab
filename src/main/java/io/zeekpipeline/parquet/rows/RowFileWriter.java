package io.zeekpipeline.parquet.rows;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.DirectByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes encoded rows as one Parquet file straight into Parquet's column writers, each value with
 * its repetition and definition levels, under the schema and key-value metadata parquet-avro writes.
 * Parquet's record assembly (field starts and ends per value, nulls filled in for fields a record
 * left out) cost a fifth of the file writing and does nothing these rows need. A row group closes
 * once its buffered pages reach parquet-mr's row-group size. One instance per file; not thread-safe.
 */
public final class RowFileWriter implements Closeable {

    /** parquet-mr's defaults, as its ParquetWriter applies them. */
    public static final long ROW_GROUP_BYTES = ParquetWriter.DEFAULT_BLOCK_SIZE;
    private static final int MAX_PADDING_BYTES = ParquetWriter.MAX_PADDING_SIZE_DEFAULT;
    /** Rows between looks at the buffered size, which walks every column. */
    private static final int SIZE_CHECK_ROWS = 1000;

    private final ParquetFileWriter file;
    private final MessageType schema;
    private final ParquetProperties properties;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private final Map<String, String> metadata;
    private final long rowGroupBytes;
    private final List<ColumnType> types;
    private final List<ColumnDescriptor> leaves;
    private final int[] definitions;
    private final ColumnWriter[] writers;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore columns;
    private int rowGroups;
    private long rowsInGroup;
    private boolean failed;

    /**
     * A compressor of {@code codec} for the files of one thread, one after the other: its buffers are allocated once,
     * not for every file. Parquet's direct-memory compressors: snappy and zstd compress each page in one call into
     * a reused buffer (snappy's bytes are those of its stream codec), where the stream codecs allocated a stream and
     * its buffer per page; other codecs are the stream ones.
     */
    public static CompressionCodecFactory.BytesInputCompressor compressor(CompressionCodecName codec,
            Configuration conf) {
        return CodecFactory.createDirectCodecFactory(conf, DirectByteBufferAllocator.getInstance(),
                ParquetProperties.DEFAULT_PAGE_SIZE).getCompressor(codec);
    }

    /**
     * A file of the layout's rows with {@code extraMetadata} besides parquet-avro's entries, its pages compressed by
     * {@code compressor} (see {@link #compressor}; used by this file alone until it is closed); a row group closes
     * once its pages buffer {@code rowGroupBytes}.
     */
    public RowFileWriter(OutputFile target, LogTypeLayout layout,
            CompressionCodecFactory.BytesInputCompressor compressor, Map<String, String> extraMetadata,
            long rowGroupBytes) throws IOException {
        this.schema = layout.parquetSchema();
        this.properties = layout.parquetProperties();
        this.metadata = layout.fileMetadata(extraMetadata);
        this.rowGroupBytes = rowGroupBytes;
        this.types = layout.columnTypes();
        this.leaves = layout.leafColumns();
        this.definitions = new int[leaves.size()];
        for (int i = 0; i < definitions.length; i++) {
            definitions[i] = leaves.get(i).getMaxDefinitionLevel();
        }
        this.writers = new ColumnWriter[leaves.size()];
        this.file = new ParquetFileWriter(BufferedPositionOutputStream.of(target), schema,
                ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes, MAX_PADDING_BYTES, null, properties);
        this.compressor = compressor;
        file.start();
        startRowGroup();
    }

    /** Reads the next row from {@code rows} and writes it. */
    public void write(RowReader rows) {
        try {
            if (!rows.nextRow()) {
                throw new IllegalStateException("the batch holds fewer rows than it counts");
            }
            for (int i = 0; i < writers.length; i++) {
                if (rows.readPresent()) {
                    types.get(i).copy(rows, writers[i], 0, definitions[i]);
                } else {
                    writers[i].writeNull(0, 0);
                }
            }
            columns.endRecord();
            rowsInGroup++;
            if (rowsInGroup % SIZE_CHECK_ROWS == 0 && columns.getBufferedSize() >= rowGroupBytes) {
                endRowGroup();
                startRowGroup();
            }
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        }
    }

    /** Writes the last row group and the footer; after a failed write only releases the file. */
    @Override
    public void close() throws IOException {
        try {
            if (!failed) {
                endRowGroup();
                file.end(metadata);
            }
        } finally {
            file.close();
        }
    }

    private void startRowGroup() {
        pages = new ColumnChunkPageWriteStore(compressor, schema, properties.getAllocator(),
                properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled(), null, rowGroups);
        columns = properties.newColumnWriteStore(schema, pages, pages);
        for (int i = 0; i < writers.length; i++) {
            writers[i] = columns.getColumnWriter(leaves.get(i));
        }
        rowsInGroup = 0;
    }

    private void endRowGroup() throws IOException {
        if (rowsInGroup > 0) {
            file.startBlock(rowsInGroup);
            columns.flush();
            pages.flushToFileWriter(file);
            file.endBlock();
            rowGroups++;
        }
        columns.close();
        pages.close();
    }
}
