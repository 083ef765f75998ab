package io.zeekpipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark measures the JVM flags the image and the Kubernetes deployment run with. */
class ShippedJvmFlagsTest {

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "k8s/deployment.yaml"})
    void deploymentsRunTheBenchmarkedFlags(String file) throws IOException {
        String text = Files.readString(Path.of(file));
        String javaOpts = text.lines().filter(line -> line.contains("-XX:") && !line.strip().startsWith("#"))
                .findFirst().orElse("");

        for (String flag : ThroughputBenchmark.SHIPPED_JVM_FLAGS) {
            String shipped = asInTheImage(flag);
            assertTrue(javaOpts.contains(shipped), () -> file + " lacks " + shipped + ": " + javaOpts);
        }
    }

    /** The flag with the benchmark's target folder as the image's folder of the jar (and of its CDS archive). */
    private static String asInTheImage(String flag) {
        return flag.replace(Path.of("target").toAbsolutePath().toString(), "/opt/zeek-pipeline");
    }
}
