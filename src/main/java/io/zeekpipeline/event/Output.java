package io.zeekpipeline.event;

/** An output a consumed record must be durable in before its offset may be committed. Immutable. */
public enum Output {
    /** The Parquet files. */
    PARQUET,
    /** The output Kafka topic. */
    KAFKA
}
