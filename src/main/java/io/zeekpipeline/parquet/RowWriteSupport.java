package io.zeekpipeline.parquet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes Parquet rows straight from the encoded rows of a batch: each call reads one row and hands
 * its values to Parquet's record consumer, without building an Avro record or decoding strings to
 * Java and back. The file's schema and metadata are what parquet-avro writes, so Avro readers see
 * the same files. One instance per file; not thread-safe.
 */
final class RowWriteSupport extends WriteSupport<RowReader> {

    /** The key-value metadata entries parquet-avro readers look for. */
    private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";
    private static final String MODEL_KEY = "writer.model.name";

    private final Schema schema;
    private final String[] names;
    private final ColumnType[] columnTypes;
    private final Map<String, String> extraMetadata;
    private RecordConsumer out;

    RowWriteSupport(Schema schema, List<ColumnType> columnTypes, Map<String, String> extraMetadata) {
        this.schema = schema;
        this.names = schema.getFields().stream().map(Schema.Field::name).toArray(String[]::new);
        this.columnTypes = columnTypes.toArray(ColumnType[]::new);
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
    public void write(RowReader rows) {
        if (!rows.nextRow()) {
            throw new IllegalStateException("the batch holds fewer rows than it counts");
        }
        out.startMessage();
        for (int i = 0; i < names.length; i++) {
            if (rows.readPresent()) {
                out.startField(names[i], i);
                columnTypes[i].copy(rows, out);
                out.endField(names[i], i);
            }
        }
        out.endMessage();
    }
}
