package io.zeekpipeline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.enrich.Enricher;
import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.ingest.LogTypeDetector;
import io.zeekpipeline.normalize.Normalizer;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.output.OutputKey;
import io.zeekpipeline.output.OutputRecordSerializer;
import io.zeekpipeline.parquet.HadoopFiles;
import io.zeekpipeline.parquet.ParquetBatch;
import io.zeekpipeline.parquet.ParquetBatchWriter;
import io.zeekpipeline.parquet.ParquetRowEncoder;
import io.zeekpipeline.parquet.rows.LogTypeLayouts;
import io.zeekpipeline.testkit.Folders;
import io.zeekpipeline.testkit.ZeekSamples;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import static io.zeekpipeline.normalize.ZeekFixtures.MAPPER;
import static io.zeekpipeline.normalize.ZeekFixtures.rules;
import static io.zeekpipeline.normalize.ZeekFixtures.schemas;
import static io.zeekpipeline.normalize.ZeekFixtures.enricher;

/**
 * Per-event cost of each stage on real conn and dns records: detect (parse), detect + normalize,
 * detect + normalize + enrich, the Parquet row (column values and their encoding), the Parquet
 * file (rows encoded and written) and the output JSON of an enriched event. Each method's score is per event (the
 * Parquet rows are built a group of {@value #GROUP} events at a time, as the pipeline does); subtract to get a stage on
 * its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StageBenchmarks {

    static final int GROUP = 100;
    static final int FILE_ROWS = 2000;

    @Param({"conn", "dns"})
    public String logType;

    private final LogTypeDetector detector = new LogTypeDetector(MAPPER, rules(), 1 << 20, new PipelineMetrics());
    private final Normalizer normalizer = new Normalizer(rules(), Clock.systemUTC(), new PipelineMetrics());
    private final Enricher enricher = enricher();
    private final LogTypeLayouts layouts = new LogTypeLayouts(rules(), schemas(), false,
            LogTypeLayouts.DEFAULT_PLAIN_COLUMNS, 100);
    private final Delivery delivery = new Delivery(new OffsetTracker(true, true));
    private final ParquetRowEncoder rowEncoder = new ParquetRowEncoder(layouts, delivery);
    private Path folder;
    private ParquetBatchWriter fileWriter;
    private final OutputRecordSerializer serializer = new OutputRecordSerializer(1048576, delivery,
            OutputKey.SOURCE_OR_FLOW);
    private final Exchange groupExchange = new DefaultExchange(new DefaultCamelContext());
    private byte[][] messages;
    private ZeekEvent[] enriched;
    private int next;

    @Setup
    public void load() throws Exception {
        folder = Files.createTempDirectory("zeek-jmh");
        fileWriter = new ParquetBatchWriter(layouts, folder.toString(), "jmh", "snappy", HadoopFiles.configuration(),
                delivery, new PipelineMetrics());
        List<String> lines = ZeekSamples.lines("conn".equals(logType) ? "json/conn.log" : "json/dns.simir2025.log");
        messages = new byte[lines.size()][];
        enriched = new ZeekEvent[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            messages[i] = ("{\"" + logType + "\": " + lines.get(i) + "}").getBytes(StandardCharsets.UTF_8);
            enriched[i] = detectNormalizeEnrich(i);
        }
    }

    private ConsumedRecord record(int i) {
        return new ConsumedRecord("zeek-raw", 0, i, -1, messages[i]);
    }

    private int nextIndex() {
        next = next + 1 == messages.length ? 0 : next + 1;
        return next;
    }

    private ZeekEvent detectNormalizeEnrich(int i) {
        ZeekEvent event = detector.detect(record(i));
        normalizer.normalize(event);
        enricher.enrich(event);
        return event;
    }

    @Benchmark
    public ZeekEvent detect() {
        return detector.detect(record(nextIndex()));
    }

    @Benchmark
    public ZeekEvent detectNormalize() {
        ZeekEvent event = detector.detect(record(nextIndex()));
        normalizer.normalize(event);
        return event;
    }

    @Benchmark
    public ZeekEvent detectNormalizeEnrich() {
        return detectNormalizeEnrich(nextIndex());
    }

    @Benchmark
    @OperationsPerInvocation(GROUP)
    public Object parquetRow() {
        return encodedChunks(GROUP);
    }

    /** The next {@code events} enriched events as one group, encoded into their Parquet chunks (one per bucket). */
    private List<?> encodedChunks(int events) {
        LogTypeGroup group = new LogTypeGroup(logType, true);
        for (int i = 0; i < events; i++) {
            group.add(enriched[nextIndex()]);
        }
        groupExchange.getIn().setBody(group);
        groupExchange.setProperty(ZeekHeaders.REJECTS, new Rejects());
        rowEncoder.process(groupExchange);
        return groupExchange.getIn().getBody(List.class);
    }

    /** Rows encoded, then written as Parquet files (snappy) of up to {@value #FILE_ROWS} rows, one per event hour. */
    @Benchmark
    @OperationsPerInvocation(FILE_ROWS)
    public long parquetFile() throws IOException {
        long bytes = 0;
        for (Object chunk : encodedChunks(FILE_ROWS)) {
            Path file = Path.of(fileWriter.write((ParquetBatch) chunk).toUri().getPath());
            bytes += Files.size(file);
            // the same rows come again: a file of that name would be kept as already written
            Files.delete(file);
        }
        return bytes;
    }

    @TearDown
    public void removeFolder() throws IOException {
        Folders.deleteTree(folder);
    }

    @Benchmark
    public byte[] outputJson() {
        return serializer.toJson(enriched[nextIndex()]);
    }
}
