package io.zeekpipeline;

import java.util.List;

import io.zeekpipeline.routes.HealthRoute;
import io.zeekpipeline.routes.OutputErrorHandling;
import io.zeekpipeline.routes.ParquetSinkRoute;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application's real routes (the bundled YAML ones and the Java ones) and beans, loaded by camel-main's
 * test support with the bundled settings, routes not started: every route and step id routes/README.md
 * names is there, and the ingest consumer commits by hand only.
 */
@CamelMainTest(configurationClasses = PipelineBeans.class,
        propertyPlaceholderLocations = "classpath:config/application.properties",
        properties = {"camel.main.routes-include-pattern=classpath:routes/*.camel.yaml",
                      "camel.main.auto-startup=false",
                      "pipeline.config-dir=config"})
class ApplicationWiringTest {

    @BeanInject
    CamelContext context;

    /** The Java routes ZeekPipelineApplication adds. */
    @Configure
    void addTheJavaRoutes(MainConfigurationProperties configuration) {
        configuration.addRoutesBuilder(new OutputErrorHandling());
        configuration.addRoutesBuilder(new ParquetSinkRoute());
        configuration.addRoutesBuilder(new HealthRoute());
    }

    @Test
    void ingestRouteHasItsStepsInOrder() {
        assertEquals(List.of("register-offsets", "detect-log-type", "split-by-log-type", "choose-by-log-type",
                        "normalize", "report-unknown-log-type", "normalize-with-default-rule", "enrich", "to-outputs",
                        "to-parquet-sink", "to-publish-enriched", "split-rejects", "to-dead-letter"),
                stepIds("zeek-ingest"));
    }

    @Test
    void outputRoutesHaveTheirSteps() {
        // both take the retry-outputs configuration (OutputErrorHandling): its refused-send handler comes first
        assertEquals(List.of("handle-refused-send", "when-output-enabled", "serialize-output", "output-batches",
                "to-output-kafka", "acknowledge-output"), stepIds("publish-enriched"));
        assertEquals(List.of("handle-refused-send", "prepare-dead-letter", "to-dead-letter-kafka",
                "acknowledge-dead-letter"), stepIds("dead-letter"));
        List<String> parquetSink = stepIds("parquet-sink");
        assertTrue(parquetSink.containsAll(List.of("skip-persisted", "encode-parquet-rows", "split-by-bucket",
                "limit-open-batches", "parquet-batches", "write-parquet")), parquetSink::toString);
    }

    @Test
    void ingestConsumerCommitsByHandOnlyAndReadsRawBytesInBatches() {
        Route ingest = context.getRoute("zeek-ingest");
        assertNotNull(ingest, "route zeek-ingest");
        KafkaConfiguration consumer = ((KafkaEndpoint) ingest.getEndpoint()).getConfiguration();
        assertTrue(consumer.isAllowManualCommit(), "allowManualCommit");
        assertFalse(consumer.isAutoCommitEnable(), "autoCommitEnable");
        assertTrue(consumer.isBatching(), "batching");
        assertEquals("RECONNECT", consumer.getPollOnError().name());
        assertEquals("org.apache.kafka.common.serialization.ByteArrayDeserializer", consumer.getValueDeserializer());
        // the bundled application.properties
        assertEquals("zeek-raw", consumer.getTopic());
    }

    /** The ids the route's definition gives its steps, nested ones included, in the order it holds them. */
    private List<String> stepIds(String routeId) {
        RouteDefinition route = ((ModelCamelContext) context).getRouteDefinition(routeId);
        assertNotNull(route, "route " + routeId);
        return ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ProcessorDefinition.class).stream()
                .filter(ProcessorDefinition::hasCustomIdAssigned)
                .map(ProcessorDefinition::getId)
                .toList();
    }
}
