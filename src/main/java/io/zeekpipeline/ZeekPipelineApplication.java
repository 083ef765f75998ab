package io.zeekpipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.config.SeedConfig;
import io.zeekpipeline.replay.ReplayCommand;
import io.zeekpipeline.replay.VerifyCommand;
import io.zeekpipeline.routes.HealthRoute;
import io.zeekpipeline.routes.OutputErrorHandling;
import io.zeekpipeline.routes.ParquetSinkRoute;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.LogManager;

/**
 * Starts the pipeline ({@code java -jar zeek-pipeline.jar [--config config.json]}) or one of its
 * commands ({@code replay}, {@code verify}). The seed's
 * config.json, when given, overrides the Camel properties; the YAML routes come from ./routes when
 * that folder exists, else from the jar.
 */
public final class ZeekPipelineApplication {

    private static final String USAGE = String.join("\n",
            "usage: java -jar zeek-pipeline.jar [--config path/to/config.json]      run the pipeline",
            "       java -jar zeek-pipeline.jar replay [--config config.json] [--brokers host:port] [--topic name] PATH...",
            "                                                                       produce Zeek log files to the input topic",
            "       java -jar zeek-pipeline.jar verify --output PARQUET_BASE [--config-dir DIR] PATH...",
            "                                                                       compare the Parquet with the source logs");

    private ZeekPipelineApplication() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "replay".equals(args[0])) {
            System.exit(ReplayCommand.run(List.of(args).subList(1, args.length), System.out));
        }
        if (args.length > 0 && "verify".equals(args[0])) {
            System.exit(VerifyCommand.run(List.of(args).subList(1, args.length), System.out));
        }
        Map<String, String> overrides = overridesFrom(args);
        System.setProperty("pipeline.log.path", logPath(overrides));
        Main main = create(overrides);
        main.run();
        // log4j's own shutdown hook is off (log4j2.xml) so the drain's last lines are written
        LogManager.shutdown();
        System.exit(main.getExitCode());
    }

    /** A camel-main instance with the pipeline's beans and Java routes, ready to run. */
    public static Main create(Map<String, String> overrides) {
        Main main = new Main();
        main.configure().addConfiguration(PipelineBeans.class);
        main.configure().addRoutesBuilder(new OutputErrorHandling());
        main.configure().addRoutesBuilder(new ParquetSinkRoute());
        main.configure().addRoutesBuilder(new HealthRoute());
        main.setDefaultPropertyPlaceholderLocation(Files.isRegularFile(Path.of("config/application.properties"))
                ? "file:config/application.properties" : "classpath:config/application.properties");
        main.addInitialProperty("camel.main.routes-include-pattern", Files.isDirectory(Path.of("routes"))
                ? "file:routes/*.camel.yaml" : "classpath:routes/*.camel.yaml");
        main.addInitialProperty("pipeline.config-dir", Files.isDirectory(Path.of("config")) ? "config" : "");
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    private static Map<String, String> overridesFrom(String[] args) throws IOException {
        if (args.length == 0) {
            return Map.of();
        }
        if (args.length == 2 && "--config".equals(args[0])) {
            return SeedConfig.read(Path.of(args[1])).toProperties();
        }
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(USAGE);
            System.exit(0);
        }
        throw new IllegalArgumentException("unexpected arguments " + String.join(" ", args) + "\n" + USAGE);
    }

    private static String logPath(Map<String, String> overrides) {
        String fromEnv = System.getenv("PIPELINE_LOG_PATH");
        return overrides.getOrDefault("pipeline.log.path", fromEnv != null ? fromEnv
                : System.getProperty("pipeline.log.path", "./log"));
    }
}
