package io.zeekpipeline.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit extension behind {@link PipelineTest}: per test class, one started broker with the declared
 * topics and one in-memory DuckDB connection, handed to parameters of type {@link EmbeddedKafka} and
 * {@link Connection}, both closed by JUnit after the class. Stateless; its resources live in JUnit's store.
 */
public final class KafkaPipelineExtension implements BeforeAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(KafkaPipelineExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        PipelineTest test = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), PipelineTest.class)
                .orElseThrow(() -> new IllegalStateException(context.getRequiredTestClass() + " lacks @PipelineTest"));
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        // the store closes what it holds after the class, in the reverse order of putting it in
        Broker broker = new Broker(EmbeddedKafka.start());
        store.put(Broker.class, broker);
        for (PipelineTest.Topic topic : test.topics()) {
            broker.kafka().createTopic(topic.name(), topic.partitions(), settings(topic));
        }
        store.put(DuckDb.class, new DuckDb(DriverManager.getConnection("jdbc:duckdb:")));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedKafka.class || type == Connection.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Broker broker = store.get(Broker.class, Broker.class);
        DuckDb duck = store.get(DuckDb.class, DuckDb.class);
        if (broker == null || duck == null) {
            throw new ParameterResolutionException(parameter.getDeclaringExecutable()
                                                   + " runs before the class's @PipelineTest broker started");
        }
        return parameter.getParameter().getType() == EmbeddedKafka.class ? broker.kafka() : duck.connection();
    }

    private static Map<String, String> settings(PipelineTest.Topic topic) {
        return Arrays.stream(topic.settings())
                .map(setting -> setting.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    /** The class's broker, closed by JUnit's store. */
    private record Broker(EmbeddedKafka kafka) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            kafka.close();
        }
    }

    /** The class's DuckDB connection, closed by JUnit's store. */
    private record DuckDb(Connection connection) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
