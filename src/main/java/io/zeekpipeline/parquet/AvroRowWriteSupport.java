package io.zeekpipeline.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes Parquet rows straight from the Avro-binary rows of a batch: each call reads one row from
 * the decoder and hands its values to Parquet's record consumer, without building an Avro record
 * or decoding strings to Java and back. The file's schema and metadata are what parquet-avro
 * writes, so Avro readers see the same files. One instance per file; not thread-safe.
 */
final class AvroRowWriteSupport extends WriteSupport<Decoder> {

    /** The key-value metadata entries parquet-avro readers look for. */
    private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";
    private static final String MODEL_KEY = "writer.model.name";

    private final Schema schema;
    private final List<ColumnType> columnTypes;
    private final Map<String, String> extraMetadata;
    private RecordConsumer out;

    AvroRowWriteSupport(Schema schema, List<ColumnType> columnTypes, Map<String, String> extraMetadata) {
        this.schema = schema;
        this.columnTypes = columnTypes;
        this.extraMetadata = extraMetadata;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        Map<String, String> metadata = new HashMap<>(extraMetadata);
        metadata.put(AVRO_SCHEMA_KEY, schema.toString());
        metadata.put(MODEL_KEY, "avro");
        return new WriteContext(new AvroSchemaConverter(configuration).convert(schema), metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    /** Reads the next row from {@code rows} and writes it. */
    @Override
    public void write(Decoder rows) {
        try {
            out.startMessage();
            List<Schema.Field> fields = schema.getFields();
            for (int i = 0; i < fields.size(); i++) {
                if (rows.readIndex() == 0) {
                    continue; // null: the column has no value in this row
                }
                String name = fields.get(i).name();
                out.startField(name, i);
                columnTypes.get(i).copy(rows, out);
                out.endField(name, i);
            }
            out.endMessage();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read an encoded row", e);
        }
    }
}
