package io.zeekpipeline.parquet;

/**
 * One event as its Parquet row, Avro-binary encoded, with what its batch needs to know: bucket,
 * log type, event time, source coordinates and source message size. Immutable.
 */
public record ParquetRow(String bucket, String logType, long eventTimeMicros, String topic, int partition, long offset,
        byte[] avro, int messageBytes) {
}
