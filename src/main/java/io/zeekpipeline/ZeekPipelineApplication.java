package io.zeekpipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import ch.qos.logback.classic.LoggerContext;
import io.zeekpipeline.cli.ReplayCommand;
import io.zeekpipeline.cli.VerifyCommand;
import io.zeekpipeline.config.ApplicationProperties;
import io.zeekpipeline.config.ConfigJson;
import io.zeekpipeline.config.InvalidConfigurationException;
import io.zeekpipeline.config.LogSettings;
import io.zeekpipeline.ops.StartupTimeline;
import io.zeekpipeline.routes.HealthRoute;
import io.zeekpipeline.routes.OutputErrorHandling;
import io.zeekpipeline.routes.ParquetSinkRoute;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the pipeline ({@code java -jar zeek-pipeline.jar [--config config.json]}) or one of its
 * commands ({@code replay}, {@code verify}). Settings come from the bundled application.properties with
 * the user's file over it ({@link ApplicationProperties}), the seed's config.json over both when given,
 * and the environment and -D over everything; the YAML routes come from ./routes when that folder
 * exists, else from the jar. Not thread-safe; runs on the main thread.
 */
public final class ZeekPipelineApplication {

    private static final String USAGE = String.join("\n",
            "usage: java -jar zeek-pipeline.jar [--config path/to/config.json]",
            "           run the pipeline",
            "       java -jar zeek-pipeline.jar replay [--config config.json] [--brokers host:port] [--topic name]",
            "                                          [--timeout seconds] PATH...",
            "           produce Zeek log files to the input topic",
            "       java -jar zeek-pipeline.jar verify --output PARQUET_BASE [--config-dir DIR] PATH...",
            "           compare the Parquet with the source logs");

    /** Exit code of a start refused for a user's mistake. */
    private static final int MISTAKE_EXIT_CODE = 2;

    private ZeekPipelineApplication() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "replay".equals(args[0])) {
            System.exit(ReplayCommand.run(List.of(args).subList(1, args.length), System.out));
        }
        if (args.length > 0 && "verify".equals(args[0])) {
            System.exit(VerifyCommand.run(List.of(args).subList(1, args.length), System.out));
        }
        int exitCode;
        try {
            exitCode = run(args);
        } finally {
            // after the drain's last lines: logback has no shutdown hook of its own here (config.LogConfigurator)
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                logback.stop();
            }
        }
        System.exit(exitCode);
    }

    /**
     * Runs the pipeline until it is stopped; returns the exit code. A user's mistake (arguments,
     * config.json, settings, data files) ends the start with one ERROR line and {@link #MISTAKE_EXIT_CODE}.
     */
    private static int run(String[] args) throws Exception {
        StartupTimeline timeline = new StartupTimeline();
        timeline.reached("main");
        ApplicationProperties properties;
        Map<String, String> overrides;
        Properties layered;
        try {
            properties = ApplicationProperties.locate();
            layered = properties.load();
            overrides = overridesFrom(args);
        } catch (InvalidConfigurationException e) {
            // the log still goes where the environment and the bundled defaults put it
            LogSettings.apply(Map.of(), ApplicationProperties.bundledOnly().load());
            return refuse(e);
        }
        LogSettings.apply(overrides, layered);
        Main main = create(overrides, properties, timeline);
        try {
            main.run();
        } catch (Exception e) {
            InvalidConfigurationException mistake = mistakeIn(e);
            if (mistake == null) {
                throw e;
            }
            return refuse(mistake);
        }
        return main.getExitCode();
    }

    /**
     * A camel-main instance with the pipeline's beans and Java routes, ready to run, reading the
     * application.properties {@link ApplicationProperties#locate()} finds.
     */
    public static Main create(Map<String, String> overrides) {
        return create(overrides, ApplicationProperties.locate(), new StartupTimeline());
    }

    private static Main create(Map<String, String> overrides, ApplicationProperties properties,
            StartupTimeline timeline) {
        Main main = new Main();
        main.bind(StartupTimeline.BEAN, timeline);
        main.configure().addConfiguration(PipelineBeans.class);
        main.configure().addRoutesBuilder(new OutputErrorHandling());
        main.configure().addRoutesBuilder(new ParquetSinkRoute());
        main.configure().addRoutesBuilder(new HealthRoute());
        main.setDefaultPropertyPlaceholderLocation(properties.camelLocations());
        main.addInitialProperty("camel.main.routes-include-pattern", Files.isDirectory(Path.of("routes"))
                ? "file:routes/*.camel.yaml" : "classpath:routes/*.camel.yaml");
        main.addInitialProperty("pipeline.config-dir", Files.isDirectory(Path.of("config")) ? "config" : "");
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /** The user's mistake somewhere in a failed start's causes, or null when the failure is something else. */
    private static InvalidConfigurationException mistakeIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException mistake) {
                return mistake;
            }
        }
        return null;
    }

    private static int refuse(InvalidConfigurationException mistake) {
        Logger log = LoggerFactory.getLogger("startup");
        log.error("not started: {}", mistake.getMessage());
        log.debug("start failed", mistake);
        return MISTAKE_EXIT_CODE;
    }

    private static Map<String, String> overridesFrom(String[] args) throws IOException {
        if (args.length == 0) {
            return Map.of();
        }
        if (args.length == 2 && "--config".equals(args[0])) {
            return ConfigJson.read(Path.of(args[1])).toProperties();
        }
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(USAGE);
            System.exit(0);
        }
        throw new InvalidConfigurationException("unexpected arguments " + String.join(" ", args)
                + " (java -jar zeek-pipeline.jar --help shows the usage)");
    }
}
