package io.zeekpipeline.parquet.rows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.parquet.HadoopFiles;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.zeekpipeline.normalize.ZeekFixtures.enriched;
import static io.zeekpipeline.normalize.ZeekFixtures.rules;
import static io.zeekpipeline.normalize.ZeekFixtures.schemas;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RowFileWriterTest {

    private static final LogTypeLayout CONN = new LogTypeLayouts(rules(), schemas(), false, Set.of(), 100)
            .forLogType("conn");

    @TempDir
    Path folder;

    /** {@code rows} conn rows whose uid and tunnel_parents (0 to 2 elements) follow the row number. */
    private static RowBlocks connRows(int rows) {
        RowBlocks blocks = new RowBlocks();
        RowBuffer row = new RowBuffer();
        for (int i = 0; i < rows; i++) {
            String parents = i % 3 == 0 ? "[]" : i % 3 == 1 ? "['P" + i + "']" : "['P" + i + "', 'Q" + i + "']";
            ZeekEvent event = enriched("{'conn': {'ts': 1521911720.5, 'uid': 'C" + i + "', 'tunnel_parents': "
                                       + parents + "}}", i);
            row.reset();
            CONN.encode(event, row);
            blocks.add(row);
        }
        return blocks;
    }

    private org.apache.hadoop.fs.Path write(RowBlocks rows, int count, long rowGroupBytes) throws IOException {
        return write("rows.parquet", rows, count, rowGroupBytes,
                RowFileWriter.compressor(CompressionCodecName.SNAPPY, HadoopFiles.configuration()));
    }

    private org.apache.hadoop.fs.Path write(String name, RowBlocks rows, int count, long rowGroupBytes,
            CompressionCodecFactory.BytesInputCompressor compressor) throws IOException {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(folder.resolve(name).toUri());
        try (RowFileWriter writer = new RowFileWriter(HadoopOutputFile.fromPath(file, HadoopFiles.configuration()),
                CONN, compressor, Map.of("k", "v"), rowGroupBytes)) {
            RowReader reader = rows.reader();
            for (int i = 0; i < count; i++) {
                writer.write(reader);
            }
        }
        return file;
    }

    private static List<String> flowIds(org.apache.hadoop.fs.Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(file, new Configuration())).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                ids.add(String.valueOf(row.get("flow_id")));
            }
        }
        return ids;
    }

    /** A writer thread keeps one compressor from file to file: the second file must not hold the first's pages. */
    @ParameterizedTest
    @ValueSource(strings = {"snappy", "zstd", "gzip", "uncompressed"})
    void writesEachCompressionSettingWithOneCompressorFileAfterFile(String compression) throws IOException {
        CompressionCodecName codec = CompressionCodecName.fromConf(compression.toUpperCase(Locale.ROOT));
        CompressionCodecFactory.BytesInputCompressor compressor =
                RowFileWriter.compressor(codec, HadoopFiles.configuration());

        org.apache.hadoop.fs.Path first = write("first.parquet", connRows(1500), 1500, RowFileWriter.ROW_GROUP_BYTES,
                compressor);
        org.apache.hadoop.fs.Path second = write("second.parquet", connRows(3000), 3000, RowFileWriter.ROW_GROUP_BYTES,
                compressor);

        assertEquals(IntStream.range(0, 1500).mapToObj(i -> "C" + i).toList(), flowIds(first));
        assertEquals(IntStream.range(0, 3000).mapToObj(i -> "C" + i).toList(), flowIds(second));
        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(second, new Configuration()))) {
            assertEquals(codec, footer.getRowGroups().get(0).getColumns().get(0).getCodec());
        }
    }

    @Test
    void startsANewRowGroupOnceThePagesReachTheRowGroupSizeAndKeepsEveryRowInOrder() throws IOException {
        org.apache.hadoop.fs.Path file = write(connRows(2500), 2500, 1);

        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(file, new Configuration()))) {
            // the size is looked at every 1,000 rows
            assertEquals(List.of(1000L, 1000L, 500L),
                    footer.getRowGroups().stream().map(group -> group.getRowCount()).toList());
            assertEquals("v", footer.getFileMetaData().getKeyValueMetaData().get("k"));
            assertEquals("avro", footer.getFileMetaData().getKeyValueMetaData().get("writer.model.name"));
        }
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(file, new Configuration())).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
        }
        assertEquals(2500, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals("C" + i, String.valueOf(rows.get(i).get("flow_id")));
            List<String> expected = i % 3 == 0 ? List.of() : i % 3 == 1 ? List.of("P" + i) : List.of("P" + i, "Q" + i);
            assertEquals(expected, ((List<?>) rows.get(i).get("tunnel_parents")).stream().map(String::valueOf).toList(),
                    "row " + i);
        }
    }

    @Test
    void writesOneRowGroupBelowTheRowGroupSize() throws IOException {
        org.apache.hadoop.fs.Path file = write(connRows(1500), 1500, RowFileWriter.ROW_GROUP_BYTES);

        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(file, new Configuration()))) {
            assertEquals(List.of(1500L), footer.getRowGroups().stream().map(group -> group.getRowCount()).toList());
        }
    }
}
