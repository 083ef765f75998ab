package io.zeekpipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zeekpipeline.config.HadoopSettings;
import io.zeekpipeline.config.InvalidConfigurationException;
import io.zeekpipeline.config.KafkaSecurity;
import io.zeekpipeline.config.ManagementPort;
import io.zeekpipeline.config.Settings;
import io.zeekpipeline.deadletter.DeadLetterAcknowledger;
import io.zeekpipeline.deadletter.DeadLetterPreparer;
import io.zeekpipeline.deadletter.RefusedSendHandler;
import io.zeekpipeline.delivery.CommittingConsumerListener;
import io.zeekpipeline.delivery.ConsumerAssignments;
import io.zeekpipeline.delivery.Delivery;
import io.zeekpipeline.delivery.OffsetRegistrar;
import io.zeekpipeline.delivery.OffsetTracker;
import io.zeekpipeline.delivery.PartitionHandoff;
import io.zeekpipeline.delivery.PipelineDrain;
import io.zeekpipeline.enrich.CommunityId;
import io.zeekpipeline.enrich.DomainSuffixes;
import io.zeekpipeline.enrich.Enricher;
import io.zeekpipeline.enrich.EnrichmentTables;
import io.zeekpipeline.enrich.GeoLookup;
import io.zeekpipeline.event.KeptEvents;
import io.zeekpipeline.health.BrokerCheck;
import io.zeekpipeline.health.BrokerProbe;
import io.zeekpipeline.health.CommitStallCheck;
import io.zeekpipeline.health.HealthReporter;
import io.zeekpipeline.health.KafkaConsumerCheck;
import io.zeekpipeline.health.KafkaConsumerTasks;
import io.zeekpipeline.health.KafkaInputCheck;
import io.zeekpipeline.health.ParquetOutputCheck;
import io.zeekpipeline.health.WriterThreadCheck;
import io.zeekpipeline.ingest.LogTypeDetector;
import io.zeekpipeline.ingest.UnknownLogTypeLimit;
import io.zeekpipeline.ingest.UnknownLogTypeReporter;
import io.zeekpipeline.json.ZeekJson;
import io.zeekpipeline.normalize.Normalizer;
import io.zeekpipeline.ops.CodecWarmUp;
import io.zeekpipeline.ops.JvmMeters;
import io.zeekpipeline.ops.KafkaClientMeters;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.ops.StartupTimeline;
import io.zeekpipeline.output.OutputAcknowledger;
import io.zeekpipeline.output.OutputBatchStrategy;
import io.zeekpipeline.output.OutputKey;
import io.zeekpipeline.output.OutputRecordSerializer;
import io.zeekpipeline.parquet.BufferBudget;
import io.zeekpipeline.parquet.BufferBudgetEnforcer;
import io.zeekpipeline.parquet.HadoopFiles;
import io.zeekpipeline.parquet.OpenBatchLimiter;
import io.zeekpipeline.parquet.OutputLocationCheck;
import io.zeekpipeline.parquet.ParquetBatchStrategy;
import io.zeekpipeline.parquet.ParquetBatchWriter;
import io.zeekpipeline.parquet.ParquetRowEncoder;
import io.zeekpipeline.parquet.PersistedRecordSkipper;
import io.zeekpipeline.parquet.PersistedRecords;
import io.zeekpipeline.parquet.StaleTempFileCleaner;
import io.zeekpipeline.parquet.rows.LogTypeLayouts;
import io.zeekpipeline.parquet.rows.ZeekSchemas;
import io.zeekpipeline.rules.ConfigFiles;
import io.zeekpipeline.rules.NormalizationRules;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.processor.aggregate.AggregateController;
import org.apache.camel.processor.aggregate.DefaultAggregateController;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and binds, in dependency order, every bean the routes refer to by name, from the
 * properties and the data files; the one place beans are made.
 */
public class PipelineBeans implements CamelConfiguration {

    /** How long the start-up check waits for a Kafka broker to answer. */
    private static final Duration BROKER_CHECK_TIMEOUT = Duration.ofSeconds(15);
    /** How long the readiness check waits for a Kafka broker: below a probe's timeout. */
    private static final Duration READINESS_KAFKA_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger("startup");

    private CamelContext context;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        this.context = camelContext;
        Registry registry = camelContext.getRegistry();
        StartupTimeline timeline = startupTimeline(registry);
        Settings settings = Settings.read(camelContext.getPropertiesComponent());
        ManagementPort.checkFree(camelContext.getPropertiesComponent());
        timeline.reached("settings");
        registry.bind(Settings.BEAN, settings);
        CodecWarmUp.start(settings.outputCompression());
        ObjectMapper mapper = ZeekJson.mapper();
        ConfigFiles files = new ConfigFiles(settings.configDir());
        GeoLookup geo = geoLookup(settings);
        NormalizationRules rules = load(files, "normalization.json",
                (in, origin) -> NormalizationRules.load(in, origin, mapper)).withGeoFields(geo.fields());
        ZeekSchemas schemas = load(files, "schema.json", (in, origin) -> ZeekSchemas.load(in, origin, mapper));
        EnrichmentTables tables = load(files, "enrichment.json",
                (in, origin) -> EnrichmentTables.load(in, origin, mapper));

        KafkaSecurity kafkaSecurity = settings.kafkaSecurity();
        // secrets show as <hidden>
        LOG.info("Kafka security | {}", kafkaSecurity);
        // component-wide, so every kafka: endpoint of the routes (input, output, dead letters) logs in alike;
        // Camel adds these after its own options, so they win over its defaults
        camelContext.getComponent("kafka", KafkaComponent.class).getConfiguration().getAdditionalProperties()
                .putAll(kafkaSecurity.clientProperties());

        MeterRegistry meterRegistry = meterRegistry(registry);
        PipelineMetrics metrics = new PipelineMetrics(meterRegistry);
        KafkaClientMeters kafkaClientMeters = new KafkaClientMeters(meterRegistry);
        camelContext.addService(new JvmMeters(meterRegistry));
        // the one KafkaClientFactory in the registry: camel-main autowires it into the kafka component
        registry.bind("kafkaClientFactory", kafkaClientMeters);
        camelContext.addService(kafkaClientMeters);
        OffsetTracker tracker = new OffsetTracker(settings.parquetEnabled(), settings.outputEnabled());
        registry.bind("pipelineMetrics", metrics);
        registry.bind("offsetTracker", tracker);
        registry.bind("offsetRegistrar", new OffsetRegistrar(tracker, metrics, timeline));
        Delivery delivery = new Delivery(tracker);
        String basePath = settings.basePath();
        String filePrefix = settings.filePrefix();
        Map<String, String> hadoopSettings = HadoopSettings.from(camelContext.getPropertiesComponent());
        if (!hadoopSettings.isEmpty()) {
            // names only: values may be credentials
            LOG.info("Hadoop settings from pipeline.hadoop.* | keys={}", hadoopSettings.keySet());
        }
        Configuration hadoopConf = HadoopFiles.configuration(hadoopSettings);
        // another instance may have written a partition's files while it was not ours
        PersistedRecords persisted = new PersistedRecords(basePath, filePrefix, hadoopConf);
        KafkaConsumerTasks consumerTasks = new KafkaConsumerTasks(camelContext);
        // a consumer task that ended (a refused login) never polls again: the drain does not wait for it
        CommittingConsumerListener committer = new CommittingConsumerListener(tracker, metrics,
                settings.maxInFlightBytes(), consumerTasks::runningCommitted);
        registry.bind("committingConsumerListener", committer);
        registry.bind("logTypeDetector", new LogTypeDetector(mapper, rules, settings.maxMessageBytes(), metrics));
        UnknownLogTypeLimit unknownLogTypes = new UnknownLogTypeLimit(settings.maxUnknownLogTypes(),
                settings.unknownLogTypesWindow(), Clock.systemUTC());
        registry.bind("unknownLogTypeLimit", unknownLogTypes);
        registry.bind("unknownLogTypeReporter", new UnknownLogTypeReporter(unknownLogTypes, metrics));
        registry.bind("normalizer", new Normalizer(rules, Clock.systemUTC(), metrics));
        registry.bind("enricher", new Enricher(rules, tables, new CommunityId(settings.communityIdSeed()), geo));
        // for route authors: the per-event view (routes/README.md) and the domain test of the dns-watch example
        registry.bind(KeptEvents.BEAN, new KeptEvents());
        registry.bind(DomainSuffixes.BEAN, new DomainSuffixes());
        // only admitted log types without a rule reach the Parquet leg, so their layouts fit in as many places
        LogTypeLayouts layouts = new LogTypeLayouts(rules, schemas, settings.includeRawLog(), settings.plainColumns(),
                unknownLogTypes.maxTypes());
        registry.bind("logTypeLayouts", layouts);
        BufferBudget budget = new BufferBudget((long) (settings.flushBufferMb() * 1024 * 1024),
                settings.maxOpenBatches());
        registry.bind("parquetBufferBudget", budget);
        metrics.openBatches(budget::openCount);
        AggregateController parquetBatches = new DefaultAggregateController();
        registry.bind("parquetAggregateController", parquetBatches);
        registry.bind("openBatchLimiter", new OpenBatchLimiter(budget, parquetBatches));
        registry.bind("persistedRecordSkipper", new PersistedRecordSkipper(persisted, delivery, metrics));
        registry.bind("parquetRowEncoder", new ParquetRowEncoder(layouts, delivery));
        registry.bind("parquetBatchStrategy", new ParquetBatchStrategy(budget, metrics));
        registry.bind("bufferBudgetEnforcer", new BufferBudgetEnforcer(budget, parquetBatches));
        ConsumerAssignments assignments = new ConsumerAssignments();
        // camel-kafka subscribes its consumers through the adapter of this name
        registry.bind("subscribeAdapter", new PartitionHandoff(tracker, metrics,
                partitions -> partitions.forEach(tp -> budget.keysOf(tp.topic(), tp.partition())
                        .forEach(parquetBatches::forceCompletionOfGroup)),
                () -> {
                    persisted.forget();
                    timeline.reached("assigned");
                    // every consumer in the group: the last thing readiness (KafkaInputCheck) waits for
                    if (assignments.joinedConsumers() >= settings.inputConsumers()) {
                        timeline.reached("ready");
                    }
                }, committer::isDraining, settings.drainTimeout(), assignments));
        registry.bind("outputBatchStrategy", new OutputBatchStrategy(settings.outputBatchSize(), metrics));
        ParquetBatchWriter parquetWriter = new ParquetBatchWriter(layouts, basePath, filePrefix,
                settings.parquetCompression(), hadoopConf, delivery, metrics);
        // while the rest starts (loading Hadoop and Parquet takes a while); the consumers wait for it
        OutputLocationCheck outputCheck = OutputLocationCheck.start(() -> {
            if (settings.parquetEnabled()) {
                // the log type with the most Zeek fields tries the most column kinds (schema.json tells which
                // without building every log type's layout at start)
                parquetWriter.checkOutputLocation(rules.logTypes().stream()
                        .max(Comparator.comparingInt(t -> schemas.fieldsOf(t).size()))
                        .orElse(NormalizationRules.DEFAULT_KEY));
                timeline.reached("output-check");
            }
        });
        // before the output check's listener, which waits for the check
        camelContext.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // called as the route consumers are about to start, despite its name
                timeline.reached("routes");
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                timeline.reached("context");
            }
        });
        camelContext.addStartupListener(outputCheck);
        registry.bind("parquetBatchWriter", parquetWriter);
        registry.bind("staleTempFileCleaner",
                new StaleTempFileCleaner(basePath, settings.tempMaxAgeMillis(), hadoopConf));
        registry.bind("outputRecordSerializer", new OutputRecordSerializer(settings.outputMaxMessageBytes(),
                delivery, OutputKey.named(settings.outputKey())));
        registry.bind("outputAcknowledger", new OutputAcknowledger(delivery, metrics));
        registry.bind("deadLetterPreparer", new DeadLetterPreparer(settings.deadLetterMaxMessageBytes()));
        DeadLetterAcknowledger deadLetterAcknowledger = new DeadLetterAcknowledger(delivery, metrics);
        registry.bind("deadLetterAcknowledger", deadLetterAcknowledger);
        registry.bind("refusedSendHandler",
                new RefusedSendHandler(camelContext, delivery, deadLetterAcknowledger, metrics));
        CommitStallCheck liveness = new CommitStallCheck(metrics, tracker, settings.stallTime(),
                Duration.ofMillis((long) (settings.flushIntervalSeconds() * 1000)), Clock.systemUTC());
        HealthCheckRegistry healthChecks = HealthCheckRegistry.get(camelContext);
        if (healthChecks == null) {
            throw new IllegalStateException("no Camel health-check registry: camel-health must be on the class path");
        }
        healthChecks.register(liveness);
        WriterThreadCheck writerThreads = new WriterThreadCheck();
        // before ParquetSinkRoute makes the writer pool
        camelContext.getExecutorServiceManager().addThreadFactoryListener(writerThreads);
        healthChecks.register(writerThreads);
        healthChecks.register(new ParquetOutputCheck(basePath, settings.parquetEnabled(), outputCheck::passed));
        BrokerProbe brokerProbe = new BrokerProbe(settings.inputBrokers(), kafkaSecurity.clientProperties(),
                READINESS_KAFKA_TIMEOUT);
        camelContext.addService(brokerProbe);
        new BrokerCheck(brokerProbe, BROKER_CHECK_TIMEOUT).startInBackground();
        healthChecks.register(new KafkaInputCheck(brokerProbe, settings.inputConsumers(), assignments,
                READINESS_KAFKA_TIMEOUT));
        KafkaConsumerCheck consumers = new KafkaConsumerCheck(consumerTasks::ended, brokerProbe,
                READINESS_KAFKA_TIMEOUT);
        healthChecks.register(consumers);
        registry.bind("healthReporter", new HealthReporter(metrics, tracker, unknownLogTypes, budget,
                List.of(liveness, writerThreads, consumers)));
        registry.bind("countOutputRetry", (Processor) exchange -> metrics.outputRetry());

        camelContext.getManagementStrategy().addEventNotifier(new PipelineDrain(camelContext, committer, tracker,
                settings.drainTimeout()));
        // the commit listener must be on the consumer before it starts polling
        camelContext.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onRoutesAdd(Collection<Route> routes) {
                routes.forEach(route -> attachCommitListener(route));
            }
        });
        timeline.reached("beans");
    }

    /** The timeline ZeekPipelineApplication bound, else (camel-main's test support) a new one. */
    private static StartupTimeline startupTimeline(Registry registry) {
        StartupTimeline timeline = registry.lookupByNameAndType(StartupTimeline.BEAN, StartupTimeline.class);
        if (timeline == null) {
            timeline = new StartupTimeline();
            registry.bind(StartupTimeline.BEAN, timeline);
        }
        return timeline;
    }

    /**
     * The Prometheus registry camel-micrometer-prometheus scrapes at camel.metrics.path: the one it bound
     * already, else a new one bound under the name it looks up, so the pipeline's meters and Camel's are
     * served together.
     */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry meters =
                registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }

    private interface Loader<T> {
        T load(InputStream in, String origin) throws IOException;
    }

    /** The GeoIP/ASN databases of the settings; a file that cannot be opened stops the start, naming it. */
    private static GeoLookup geoLookup(Settings settings) {
        try {
            GeoLookup geo = GeoLookup.open(settings.geoCityDatabase(), settings.geoAsnDatabase());
            if (!geo.fields().isEmpty()) {
                LOG.info("GeoIP/ASN databases | city={} asn={}", settings.geoCityDatabase(),
                        settings.geoAsnDatabase());
            }
            return geo;
        } catch (IOException e) {
            throw new InvalidConfigurationException("pipeline.enrich.geoip: " + e.getMessage(), e);
        }
    }

    /** Loads one data file; a JSON syntax error or a bad entry stops the start naming the file. */
    private static <T> T load(ConfigFiles files, String name, Loader<T> loader) {
        try {
            ConfigFiles.Opened opened = files.open(name);
            try (InputStream in = opened.stream()) {
                return loader.load(in, opened.origin());
            } catch (JsonProcessingException e) {
                throw InvalidConfigurationException.jsonSyntax(opened.origin(), e);
            } catch (IllegalArgumentException e) {
                // the loaders name the file themselves
                throw new InvalidConfigurationException(e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private void attachCommitListener(Route route) {
        if (!(route.getConsumer() instanceof KafkaConsumer consumer)) {
            return;
        }
        KafkaConfiguration kafka = consumer.getEndpoint().getConfiguration();
        if (!kafka.isAllowManualCommit()) {
            return;
        }
        if (kafka.getAutoCommitEnable() || !kafka.isBatching()
            || consumer.getEndpoint().getKafkaManualCommitFactory() != null) {
            throw new IllegalStateException("route '" + route.getRouteId() + "': allowManualCommit needs "
                                            + "autoCommitEnable=false, batching=true and no kafkaManualCommitFactory, "
                                            + "otherwise Camel commits records that are still only in memory");
        }
        consumer.setConsumerListener(context.getRegistry()
                .lookupByNameAndType("committingConsumerListener", CommittingConsumerListener.class));
    }
}
