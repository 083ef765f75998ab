package io.zeekpipeline;

import java.io.IOException;
import java.time.Clock;
import java.util.Collection;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zeekpipeline.config.ConfigFiles;
import io.zeekpipeline.enrich.EnrichmentTables;
import io.zeekpipeline.enrich.Enricher;
import io.zeekpipeline.kafka.CommittingConsumerListener;
import io.zeekpipeline.kafka.DeadLetterPreparer;
import io.zeekpipeline.kafka.EventBatchStrategy;
import io.zeekpipeline.kafka.OffsetRegistrar;
import io.zeekpipeline.kafka.OffsetTracker;
import io.zeekpipeline.kafka.OutputAcknowledger;
import io.zeekpipeline.kafka.OutputRecordSerializer;
import io.zeekpipeline.normalize.LogTypeDetector;
import io.zeekpipeline.normalize.NormalizationRules;
import io.zeekpipeline.normalize.Normalizer;
import io.zeekpipeline.normalize.UnknownLogTypeReporter;
import io.zeekpipeline.ops.HealthReporter;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.parquet.LogTypeLayouts;
import io.zeekpipeline.parquet.ParquetBatchWriter;
import io.zeekpipeline.parquet.ZeekSchemas;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.support.LifecycleStrategySupport;

/** Binds every bean the routes refer to by name, built from the properties; the one place beans are made. */
public class PipelineBeans implements CamelConfiguration {

    @BindToRegistry
    public ObjectMapper zeekObjectMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    @BindToRegistry
    public ConfigFiles configFiles(@PropertyInject(value = "pipeline.config-dir", defaultValue = "") String folder) {
        return new ConfigFiles(folder);
    }

    @BindToRegistry
    public NormalizationRules normalizationRules(ConfigFiles files, ObjectMapper zeekObjectMapper) throws IOException {
        ConfigFiles.Opened opened = files.open("normalization.json");
        try (var in = opened.stream()) {
            return NormalizationRules.load(in, opened.origin(), zeekObjectMapper);
        }
    }

    @BindToRegistry
    public ZeekSchemas zeekSchemas(ConfigFiles files, ObjectMapper zeekObjectMapper) throws IOException {
        ConfigFiles.Opened opened = files.open("schema.json");
        try (var in = opened.stream()) {
            return ZeekSchemas.load(in, opened.origin(), zeekObjectMapper);
        }
    }

    @BindToRegistry
    public EnrichmentTables enrichmentTables(ConfigFiles files, ObjectMapper zeekObjectMapper) throws IOException {
        ConfigFiles.Opened opened = files.open("enrichment.json");
        try (var in = opened.stream()) {
            return EnrichmentTables.load(in, opened.origin(), zeekObjectMapper);
        }
    }

    @BindToRegistry
    public PipelineMetrics pipelineMetrics() {
        return new PipelineMetrics();
    }

    @BindToRegistry
    public OffsetTracker offsetTracker(@PropertyInject("pipeline.parquet.enabled") boolean parquetEnabled,
            @PropertyInject("pipeline.output.enabled") boolean outputEnabled) {
        return new OffsetTracker(parquetEnabled, outputEnabled);
    }

    @BindToRegistry
    public OffsetRegistrar offsetRegistrar(OffsetTracker offsetTracker, PipelineMetrics pipelineMetrics) {
        return new OffsetRegistrar(offsetTracker, pipelineMetrics);
    }

    @BindToRegistry
    public CommittingConsumerListener committingConsumerListener(OffsetTracker offsetTracker,
            PipelineMetrics pipelineMetrics) {
        return new CommittingConsumerListener(offsetTracker, pipelineMetrics);
    }

    @BindToRegistry
    public LogTypeDetector logTypeDetector(ObjectMapper zeekObjectMapper, NormalizationRules normalizationRules,
            @PropertyInject("pipeline.input.max-message-bytes") int maxMessageBytes, PipelineMetrics pipelineMetrics) {
        return new LogTypeDetector(zeekObjectMapper, normalizationRules, maxMessageBytes, pipelineMetrics);
    }

    @BindToRegistry
    public UnknownLogTypeReporter unknownLogTypeReporter() {
        return new UnknownLogTypeReporter();
    }

    @BindToRegistry
    public Normalizer normalizer(NormalizationRules normalizationRules) {
        return new Normalizer(normalizationRules, Clock.systemUTC());
    }

    @BindToRegistry
    public Enricher enricher(NormalizationRules normalizationRules, EnrichmentTables enrichmentTables) {
        return new Enricher(normalizationRules, enrichmentTables);
    }

    @BindToRegistry
    public EventBatchStrategy parquetBatchStrategy(PipelineMetrics pipelineMetrics) {
        return new EventBatchStrategy(OffsetTracker.PARQUET, pipelineMetrics);
    }

    @BindToRegistry
    public EventBatchStrategy outputBatchStrategy(PipelineMetrics pipelineMetrics) {
        return new EventBatchStrategy(OffsetTracker.KAFKA, pipelineMetrics);
    }

    @BindToRegistry
    public ParquetBatchWriter parquetBatchWriter(NormalizationRules normalizationRules, ZeekSchemas zeekSchemas,
            @PropertyInject("pipeline.parquet.base-path") String basePath,
            @PropertyInject("pipeline.parquet.file-prefix") String filePrefix,
            @PropertyInject("pipeline.parquet.compression") String compression,
            @PropertyInject("pipeline.parquet.include-raw-log") boolean includeRawLog,
            OffsetTracker offsetTracker, PipelineMetrics pipelineMetrics) {
        return new ParquetBatchWriter(new LogTypeLayouts(normalizationRules, zeekSchemas, includeRawLog), basePath,
                filePrefix, compression, offsetTracker, pipelineMetrics);
    }

    @BindToRegistry
    public OutputRecordSerializer outputRecordSerializer(ObjectMapper zeekObjectMapper) {
        return new OutputRecordSerializer(zeekObjectMapper);
    }

    @BindToRegistry
    public OutputAcknowledger outputAcknowledger(OffsetTracker offsetTracker, PipelineMetrics pipelineMetrics) {
        return new OutputAcknowledger(offsetTracker, pipelineMetrics);
    }

    @BindToRegistry
    public DeadLetterPreparer deadLetterPreparer(PipelineMetrics pipelineMetrics) {
        return new DeadLetterPreparer(pipelineMetrics);
    }

    @BindToRegistry
    public HealthReporter healthReporter(PipelineMetrics pipelineMetrics, OffsetTracker offsetTracker) {
        return new HealthReporter(pipelineMetrics, offsetTracker);
    }

    @Override
    public void configure(CamelContext context) {
        // the commit listener must be on the consumer before it starts polling
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onRoutesAdd(Collection<Route> routes) {
                routes.forEach(route -> attachCommitListener(context, route));
            }
        });
    }

    private static void attachCommitListener(CamelContext context, Route route) {
        if (!(route.getConsumer() instanceof KafkaConsumer consumer)) {
            return;
        }
        KafkaConfiguration kafka = consumer.getEndpoint().getConfiguration();
        if (!kafka.isAllowManualCommit()) {
            return;
        }
        if (kafka.getAutoCommitEnable() || kafka.isBatching() || consumer.getEndpoint().getKafkaManualCommitFactory() != null) {
            throw new IllegalStateException("route '" + route.getRouteId() + "': allowManualCommit needs "
                                            + "autoCommitEnable=false, no batching and no kafkaManualCommitFactory, otherwise "
                                            + "Camel commits records that are still only in memory");
        }
        consumer.setConsumerListener(context.getRegistry()
                .lookupByNameAndType("committingConsumerListener", CommittingConsumerListener.class));
    }
}
