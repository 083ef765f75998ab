package io.zeekpipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekpipeline.config.ConfigFiles;
import io.zeekpipeline.enrich.EnrichmentTables;
import io.zeekpipeline.enrich.Enricher;
import io.zeekpipeline.kafka.CommittingConsumerListener;
import io.zeekpipeline.kafka.DeadLetterAcknowledger;
import io.zeekpipeline.kafka.DeadLetterPreparer;
import io.zeekpipeline.kafka.OffsetRegistrar;
import io.zeekpipeline.kafka.OffsetTracker;
import io.zeekpipeline.kafka.OutputAcknowledger;
import io.zeekpipeline.kafka.OutputBatchStrategy;
import io.zeekpipeline.kafka.OutputRecordSerializer;
import io.zeekpipeline.kafka.PartitionHandoff;
import io.zeekpipeline.model.ZeekJson;
import io.zeekpipeline.normalize.LogTypeDetector;
import io.zeekpipeline.normalize.NormalizationRules;
import io.zeekpipeline.normalize.Normalizer;
import io.zeekpipeline.normalize.UnknownLogTypeLimit;
import io.zeekpipeline.normalize.UnknownLogTypeReporter;
import io.zeekpipeline.ops.CommitStallCheck;
import io.zeekpipeline.ops.HealthReporter;
import io.zeekpipeline.ops.PipelineDrain;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.parquet.BufferBudget;
import io.zeekpipeline.parquet.BufferBudgetEnforcer;
import io.zeekpipeline.parquet.HadoopFiles;
import io.zeekpipeline.parquet.LogTypeLayouts;
import io.zeekpipeline.parquet.OpenBatchLimiter;
import io.zeekpipeline.parquet.ParquetBatchStrategy;
import io.zeekpipeline.parquet.ParquetRowEncoder;
import io.zeekpipeline.parquet.PersistedRecordSkipper;
import io.zeekpipeline.parquet.PersistedRecords;
import io.zeekpipeline.parquet.StaleTempFileCleaner;
import io.zeekpipeline.parquet.ParquetBatchWriter;
import io.zeekpipeline.parquet.ZeekSchemas;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.processor.aggregate.AggregateController;
import org.apache.camel.processor.aggregate.DefaultAggregateController;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Builds and binds, in dependency order, every bean the routes refer to by name, from the
 * properties and the data files; the one place beans are made.
 */
public class PipelineBeans implements CamelConfiguration {

    private CamelContext context;

    @Override
    public void configure(CamelContext camelContext) {
        this.context = camelContext;
        Registry registry = camelContext.getRegistry();
        ObjectMapper mapper = ZeekJson.mapper();
        ConfigFiles files = new ConfigFiles(property("pipeline.config-dir", ""));
        NormalizationRules rules = load(files, "normalization.json", in -> NormalizationRules.load(in, "normalization.json", mapper));
        ZeekSchemas schemas = load(files, "schema.json", in -> ZeekSchemas.load(in, "schema.json", mapper));
        EnrichmentTables tables = load(files, "enrichment.json", in -> EnrichmentTables.load(in, "enrichment.json", mapper));

        PipelineMetrics metrics = new PipelineMetrics();
        Duration drainTimeout =
                Duration.ofSeconds(Long.parseLong(property("pipeline.shutdown.drain-timeout-seconds", "30")));
        OffsetTracker tracker = new OffsetTracker(flag("pipeline.parquet.enabled"), flag("pipeline.output.enabled"));
        registry.bind("pipelineMetrics", metrics);
        registry.bind("offsetTracker", tracker);
        registry.bind("offsetRegistrar", new OffsetRegistrar(tracker, metrics));
        String basePath = property("pipeline.parquet.base-path", "./output");
        String filePrefix = property("pipeline.parquet.file-prefix", "events");
        // another instance may have written a partition's files while it was not ours
        PersistedRecords persisted = new PersistedRecords(basePath, filePrefix, HadoopFiles.configuration());
        CommittingConsumerListener committer = new CommittingConsumerListener(tracker, metrics,
                (long) (Double.parseDouble(property("pipeline.input.max-in-flight-mb", "64")) * 1024 * 1024));
        registry.bind("committingConsumerListener", committer);
        registry.bind("logTypeDetector", new LogTypeDetector(mapper, rules,
                Integer.parseInt(property("pipeline.input.max-message-bytes", "1048576")), metrics));
        UnknownLogTypeLimit unknownLogTypes = new UnknownLogTypeLimit(
                wholeNumber("pipeline.input.max-unknown-log-types", "100", 0),
                Duration.ofMinutes(wholeNumber("pipeline.input.unknown-log-types-window-minutes", "60", 1)),
                Clock.systemUTC());
        registry.bind("unknownLogTypeLimit", unknownLogTypes);
        registry.bind("unknownLogTypeReporter", new UnknownLogTypeReporter(unknownLogTypes, metrics));
        registry.bind("normalizer", new Normalizer(rules, Clock.systemUTC()));
        registry.bind("enricher", new Enricher(rules, tables));
        // only admitted log types without a rule reach the Parquet leg, so their layouts fit in as many places
        LogTypeLayouts layouts = new LogTypeLayouts(rules, schemas, flag("pipeline.parquet.include-raw-log"),
                names(property("pipeline.parquet.plain-columns", String.join(",", LogTypeLayouts.DEFAULT_PLAIN_COLUMNS))),
                unknownLogTypes.maxTypes());
        registry.bind("logTypeLayouts", layouts);
        BufferBudget budget = new BufferBudget((long) (decimal("pipeline.flush.buffer-mb", "0") * 1024 * 1024),
                wholeNumber("pipeline.flush.max-open-batches", "2000", 0));
        registry.bind("parquetBufferBudget", budget);
        AggregateController parquetBatches = new DefaultAggregateController();
        registry.bind("parquetAggregateController", parquetBatches);
        registry.bind("openBatchLimiter", new OpenBatchLimiter(budget, parquetBatches));
        registry.bind("persistedRecordSkipper", new PersistedRecordSkipper(persisted, tracker, metrics));
        registry.bind("parquetRowEncoder", new ParquetRowEncoder(layouts));
        registry.bind("parquetBatchStrategy", new ParquetBatchStrategy(budget, metrics));
        registry.bind("bufferBudgetEnforcer", new BufferBudgetEnforcer(budget, parquetBatches));
        // camel-kafka subscribes its consumers through the adapter of this name
        registry.bind("subscribeAdapter", new PartitionHandoff(tracker, metrics,
                partitions -> partitions.forEach(tp -> budget.keysOf(tp.topic(), tp.partition())
                        .forEach(parquetBatches::forceCompletionOfGroup)),
                persisted::forget, committer::isDraining, drainTimeout));
        registry.bind("outputBatchStrategy", new OutputBatchStrategy(
                Integer.parseInt(property("pipeline.output.batch-size", "2000")), metrics));
        ParquetBatchWriter parquetWriter = new ParquetBatchWriter(layouts, basePath, filePrefix,
                property("pipeline.parquet.compression", "snappy"), tracker, metrics);
        if (flag("pipeline.parquet.enabled")) {
            // the log type with the most Zeek fields tries the most column kinds (schema.json tells which
            // without building every log type's layout at start)
            parquetWriter.checkOutputLocation(rules.logTypes().stream()
                    .max(Comparator.comparingInt(t -> schemas.fieldsOf(t).size()))
                    .orElse(NormalizationRules.DEFAULT_KEY));
        }
        registry.bind("parquetBatchWriter", parquetWriter);
        registry.bind("staleTempFileCleaner", new StaleTempFileCleaner(basePath,
                Long.parseLong(property("pipeline.parquet.temp-max-age-minutes", "60")) * 60_000L));
        registry.bind("outputRecordSerializer", new OutputRecordSerializer());
        registry.bind("outputAcknowledger", new OutputAcknowledger(tracker, metrics));
        registry.bind("deadLetterPreparer", new DeadLetterPreparer(metrics));
        registry.bind("deadLetterAcknowledger", new DeadLetterAcknowledger());
        // records wait in open batches up to the flush interval without a commit: that is no stall
        Duration stallTime = Duration.ofMinutes(wholeNumber("pipeline.health.stall-minutes", "5", 1))
                .plusMillis((long) (decimal("pipeline.flush.interval-seconds", "60") * 1000));
        CommitStallCheck liveness = new CommitStallCheck(metrics, tracker, stallTime, Clock.systemUTC());
        HealthCheckRegistry healthChecks = HealthCheckRegistry.get(camelContext);
        if (healthChecks == null) {
            throw new IllegalStateException("no Camel health-check registry: camel-health must be on the class path");
        }
        healthChecks.register(liveness);
        registry.bind("healthReporter", new HealthReporter(metrics, tracker, unknownLogTypes, budget, liveness));
        // every retry of an output batch counts as an error in the health line
        registry.bind("countOutputRetry", (Processor) exchange -> metrics.error());

        camelContext.getManagementStrategy().addEventNotifier(new PipelineDrain(camelContext, committer, tracker,
                drainTimeout));
        // the commit listener must be on the consumer before it starts polling
        camelContext.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onRoutesAdd(Collection<Route> routes) {
                routes.forEach(route -> attachCommitListener(route));
            }
        });
    }

    private interface Loader<T> {
        T load(InputStream in) throws IOException;
    }

    private static <T> T load(ConfigFiles files, String name, Loader<T> loader) {
        try {
            ConfigFiles.Opened opened = files.open(name);
            try (InputStream in = opened.stream()) {
                return loader.load(in);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(opened.origin() + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private String property(String key, String defaultValue) {
        return context.getPropertiesComponent().resolveProperty(key).orElse(defaultValue).trim();
    }

    /** A comma-separated list, blanks left out. */
    private static Set<String> names(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(name -> !name.isEmpty()).collect(Collectors.toSet());
    }

    /** A whole-number setting of at least {@code min}; anything else stops the start with a line naming the key. */
    private int wholeNumber(String key, String defaultValue, int min) {
        String value = property(key, defaultValue);
        String problem = key + " must be a whole number of " + min + " or more, was '" + value + "'";
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(problem, e);
        }
        if (number < min) {
            throw new IllegalArgumentException(problem);
        }
        return number;
    }

    /** A decimal setting; anything else stops the start with a line naming the key (the routes check its range). */
    private double decimal(String key, String defaultValue) {
        String value = property(key, defaultValue);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + value + "'", e);
        }
    }

    private boolean flag(String key) {
        String value = property(key, "true");
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private void attachCommitListener(Route route) {
        if (!(route.getConsumer() instanceof KafkaConsumer consumer)) {
            return;
        }
        KafkaConfiguration kafka = consumer.getEndpoint().getConfiguration();
        if (!kafka.isAllowManualCommit()) {
            return;
        }
        if (kafka.getAutoCommitEnable() || !kafka.isBatching() || consumer.getEndpoint().getKafkaManualCommitFactory() != null) {
            throw new IllegalStateException("route '" + route.getRouteId() + "': allowManualCommit needs "
                                            + "autoCommitEnable=false, batching=true and no kafkaManualCommitFactory, "
                                            + "otherwise Camel commits records that are still only in memory");
        }
        consumer.setConsumerListener(context.getRegistry()
                .lookupByNameAndType("committingConsumerListener", CommittingConsumerListener.class));
    }
}
