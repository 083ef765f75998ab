package io.zeekpipeline.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against one in-process Kafka broker, started before its first test with
 * these topics and closed after its last; test and lifecycle methods get the broker ({@link EmbeddedKafka})
 * and a DuckDB connection ({@link java.sql.Connection}) as parameters. See {@link KafkaPipelineExtension}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaPipelineExtension.class)
public @interface PipelineTest {

    /** The topics created before the class's first test. */
    Topic[] topics() default {};

    /** A topic of the class's broker. */
    @Target({})
    @Retention(RetentionPolicy.RUNTIME)
    @interface Topic {

        String name();

        int partitions() default 1;

        /** Topic settings as {@code key=value}, e.g. {@code max.message.bytes=300000}. */
        String[] settings() default {};
    }
}
