package io.zeekpipeline.parquet;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import io.zeekpipeline.config.InvalidConfigurationException;
import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.Output;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.json.FieldMap;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.parquet.rows.LogTypeLayouts;
import io.zeekpipeline.parquet.rows.RowBuffer;
import io.zeekpipeline.parquet.rows.RowFileWriter;
import io.zeekpipeline.parquet.rows.RowReader;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one completed batch (one log type, one event-time hour, one source partition) as a Parquet file through
 * Hadoop's FileSystem: a hidden temporary name first, renamed to the final name once closed (on an object store,
 * straight to the final name, see {@link HadoopFiles#publishesOnClose}), and only then are the batch's offsets
 * acknowledged. Stateless apart from the shared FileSystem and a page compressor per writer thread; thread-safe.
 */
public class ParquetBatchWriter implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("parquet");
    /** Key-value metadata entry with the file's source offsets, see {@code SourceOffsets.ranges()}. */
    public static final String SOURCE_OFFSETS_KEY = "zeek.source.offsets";

    private final LogTypeLayouts layouts;
    private final Path basePath;
    private final String filePrefix;
    private final CompressionCodecName codec;
    private final Configuration hadoopConf;
    private final Delivery delivery;
    private final PipelineMetrics metrics;
    /** Each writer thread's compressor, reused from file to file: a new one allocated a page-sized buffer per file. */
    private final ThreadLocal<BytesInputCompressor> compressors;

    public ParquetBatchWriter(LogTypeLayouts layouts, String basePath, String filePrefix, String compression,
            Configuration hadoopConf, Delivery delivery, PipelineMetrics metrics) {
        this.layouts = layouts;
        this.basePath = new Path(basePath);
        this.filePrefix = filePrefix;
        this.codec = CompressionCodecName.fromConf(compression.toUpperCase(java.util.Locale.ROOT));
        this.delivery = delivery;
        this.metrics = metrics;
        this.hadoopConf = hadoopConf;
        this.compressors = ThreadLocal.withInitial(() -> RowFileWriter.compressor(codec, hadoopConf));
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        ParquetBatch batch = exchange.getIn().getBody(ParquetBatch.class);
        if (batch == null || batch.rowCount() == 0) {
            return;
        }
        String completedBy = exchange.getProperty(Exchange.AGGREGATED_COMPLETED_BY, "unknown", String.class);
        long started = System.nanoTime();
        Path written = write(batch);
        metrics.parquetWriteTook(System.nanoTime() - started);
        // before the batch counts as durable: a failure here retries a write that finds the file published
        long fileBytes = written.getFileSystem(hadoopConf).getFileStatus(written).getLen();
        delivery.durable(batch.offsets(), Output.PARQUET);
        metrics.inFlight(-batch.bytes());
        metrics.parquetFileWritten(batch.logType(), batch.rowCount(), fileBytes, completedBy);
        LOG.info("wrote {} | rows={} completed_by={}", written, batch.rowCount(), completedBy);
    }

    /**
     * Writes the batch and returns the published file. An Error of the file system or codec is thrown
     * as an IOException carrying it, so that the output's retries see it: Hadoop's local file system
     * reports a full disk (ENOSPC) as FSError, which would otherwise end the writer thread and lose
     * the batch.
     */
    public Path write(ParquetBatch batch) throws IOException {
        Path directory = new Path(basePath, batch.directory());
        String name = PartitionPath.fileNameOf(filePrefix, batch);
        try {
            return publish(batch, directory, name);
        } catch (Error e) {
            throw new IOException("could not write " + new Path(directory, name) + ": " + e, unlessFatal(e));
        }
    }

    private Path publish(ParquetBatch batch, Path directory, String name) throws IOException {
        Path target = new Path(directory, name);
        FileSystem fs = directory.getFileSystem(hadoopConf);
        // which Kafka records the file holds, for audits and for replays to recognise them
        Map<String, String> metadata = Map.of(SOURCE_OFFSETS_KEY, batch.offsets().ranges());
        if (HadoopFiles.publishesOnClose(fs, directory)) {
            return upload(fs, target, batch, metadata);
        }
        Path temporary = new Path(directory, "." + name + ".tmp");
        writeFile(fs, temporary, batch, metadata);
        if (fs.exists(target)) {
            deleteQuietly(fs, temporary, null);
            return alreadyPublished(target);
        }
        if (!fs.rename(temporary, target)) {
            deleteQuietly(fs, temporary, null);
            throw new IOException("could not publish " + temporary + " as " + target);
        }
        return target;
    }

    /**
     * Writes the file straight to its final name on an object store: the object appears, whole, when the
     * upload completes as the stream closes; a write that fails before is aborted, so nothing appears.
     */
    private Path upload(FileSystem fs, Path target, ParquetBatch batch, Map<String, String> metadata)
            throws IOException {
        FSDataOutputStream stream;
        try {
            stream = fs.create(target, false);
        } catch (FileAlreadyExistsException e) {
            return alreadyPublished(target);
        }
        upload(stream, batch, metadata);
        return target;
    }

    private void upload(FSDataOutputStream stream, ParquetBatch batch, Map<String, String> metadata)
            throws IOException {
        try {
            writeRows(new OpenStreamOutputFile(stream), batch, metadata);
            stream.close();
        } catch (Throwable e) {
            // a part of the file under its final name would claim records it does not hold
            abortQuietly(stream, e);
            throw e;
        }
    }

    /** Same name, same source records: an earlier run (or another instance) published them already. */
    private static Path alreadyPublished(Path target) {
        LOG.warn("{} exists already; its records are not written twice", target);
        return target;
    }

    /**
     * Writes and removes a one-row file of {@code logType} in the base path, so that an output location
     * that cannot be written, or a codec that cannot load, stops the start instead of failing the
     * first flush minutes later with the records piling up. (It also loads parquet-mr's and Hadoop's
     * classes before the first record rather than at the first flush.)
     */
    public void checkOutputLocation(String logType) {
        long now = System.currentTimeMillis();
        ParquetBatch probe = new ParquetBatch(logType, now * 1_000L, "startup-check", 0);
        ZeekEvent empty = new ZeekEvent(new ConsumedRecord("startup-check", 0, 0, now, new byte[0]), logType,
                new FieldMap<>(0));
        empty.eventTimeMicros(now * 1_000L);
        empty.ingestTimeMicros(now * 1_000L);
        RowBuffer row = new RowBuffer();
        layouts.forLogType(logType).encode(empty, row);
        probe.add(row, 0, now, 0);
        Path temporary = new Path(basePath, ".startup-check-" + UUID.randomUUID() + ".tmp");
        long started = System.nanoTime();
        try {
            FileSystem fs = basePath.getFileSystem(hadoopConf);
            if (!fs.mkdirs(basePath)) {
                throw new IOException("could not create the folder");
            }
            if (HadoopFiles.publishesOnClose(fs, basePath)) {
                upload(fs.create(temporary, true), probe, Map.of());
            } else {
                writeFile(fs, temporary, probe, Map.of());
            }
            if (!fs.delete(temporary, false)) {
                throw new IOException("could not remove " + temporary);
            }
            LOG.info("output location checked: wrote and removed a {} file in {} in {} ms", logType, basePath,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            throw checkFailed(e);
        } catch (Error e) {
            // a codec whose native library does not load throws an Error of its own (snappy-java's SnappyError)
            throw checkFailed(unlessFatal(e));
        } finally {
            // the calling thread writes no files afterwards: its compressor would only hold its buffers
            compressors.remove();
        }
    }

    /** The error, unless the JVM itself is failing (out of memory): that one is thrown on as it is. */
    private static Error unlessFatal(Error e) {
        if (e instanceof VirtualMachineError) {
            throw e;
        }
        return e;
    }

    /** An output the operator has to fix (a path, a permission, a codec): refused as a configuration mistake. */
    private InvalidConfigurationException checkFailed(Throwable cause) {
        return new InvalidConfigurationException("cannot write Parquet files (" + codec
                + ") to pipeline.parquet.base-path " + basePath + ": " + cause, cause);
    }

    private void writeFile(FileSystem fs, Path temporary, ParquetBatch batch, Map<String, String> metadata)
            throws IOException {
        // no .crc side files next to the data (other file systems than the local one):
        // Parquet has its own page checksums
        fs.setWriteChecksum(false);
        try {
            writeRows(HadoopOutputFile.fromPath(temporary, hadoopConf), batch, metadata);
        } catch (Throwable e) {
            // at once, whatever failed: a retry writes a new one, and a full disk needs the space
            deleteQuietly(fs, temporary, e);
            throw e;
        }
    }

    private void writeRows(OutputFile file, ParquetBatch batch, Map<String, String> metadata) throws IOException {
        try (RowFileWriter writer = new RowFileWriter(file, layouts.forLogType(batch.logType()), compressors.get(),
                metadata, RowFileWriter.ROW_GROUP_BYTES)) {
            RowReader rows = batch.rows();
            for (int i = 0; i < batch.rowCount(); i++) {
                writer.write(rows);
            }
        }
    }

    private static void abortQuietly(FSDataOutputStream stream, Throwable cause) {
        try {
            stream.abort();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.warn("could not abort the upload of a failed file | {}", e.toString());
        }
    }

    private static void deleteQuietly(FileSystem fs, Path temporary, Throwable cause) {
        try {
            fs.delete(temporary, false);
        } catch (IOException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            LOG.warn("could not remove temporary file {} | {}", temporary, e.toString());
        }
    }
}
