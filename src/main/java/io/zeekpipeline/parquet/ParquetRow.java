package io.zeekpipeline.parquet;

/**
 * One event as its Parquet row, Avro-binary encoded, with what its batch needs to know: bucket,
 * log type, partition folder, source coordinates and source message size. Immutable.
 */
public record ParquetRow(String bucket, String logType, String directory, String topic, int partition, long offset,
        byte[] avro, int messageBytes) {
}
