package io.zeekpipeline.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar started as a separate process, with its health lines read back from pipeline.log. Not thread-safe.
 */
public final class PipelineProcess implements AutoCloseable {

    /** The environment variable of the management server's port (application.properties reads it). */
    public static final String MANAGEMENT_PORT_VARIABLE = "PIPELINE_MANAGEMENT_PORT";
    private static final Pattern HEALTH = Pattern.compile("health \\|.*");

    private final Process process;
    private final Path log;
    private final Path console;

    private PipelineProcess(Process process, Path log, Path console) {
        this.process = process;
        this.log = log;
        this.console = console;
    }

    /**
     * Starts {@code java <jvmArgs> -jar target/zeek-pipeline.jar <args>} in {@code workDir}, logging to
     * {@code workDir/logs}, with the given environment overrides, a health line every second and the
     * management server on a free port (unless the environment overrides name {@link #MANAGEMENT_PORT_VARIABLE}).
     */
    public static PipelineProcess start(Path workDir, List<String> jvmArgs, List<String> args, Map<String, String> env)
            throws IOException {
        return start(workDir, jvmArgs, List.of("-jar", Path.of("target/zeek-pipeline.jar").toAbsolutePath().toString()),
                args, env);
    }

    /**
     * Starts the packaged jar as the Dockerfile does, {@code java -cp 'zeek-pipeline.jar:lib/*:lib/ext/*'
     * io.zeekpipeline.ZeekPipelineApplication}, with {@code extDir} in the place of lib/ext.
     */
    public static PipelineProcess startWithExtensions(Path workDir, Path extDir, List<String> jvmArgs,
            List<String> args, Map<String, String> env) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        String classpath = String.join(File.pathSeparator, target.resolve("zeek-pipeline.jar").toString(),
                target.resolve("lib") + File.separator + "*", extDir.toAbsolutePath() + File.separator + "*");
        return start(workDir, jvmArgs, List.of("-cp", classpath, "io.zeekpipeline.ZeekPipelineApplication"), args, env);
    }

    private static PipelineProcess start(Path workDir, List<String> jvmArgs, List<String> launch, List<String> args,
            Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmArgs);
        command.addAll(launch);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("console.txt").toFile());
        builder.environment().put("PIPELINE_HEALTH_INTERVAL_SECONDS", "1");
        builder.environment().put("PIPELINE_LOG_PATH", workDir.resolve("logs").toString());
        builder.environment().put(MANAGEMENT_PORT_VARIABLE, String.valueOf(FreePorts.find()));
        builder.environment().putAll(env);
        return new PipelineProcess(builder.start(), workDir.resolve("logs").resolve("pipeline.log"),
                workDir.resolve("console.txt"));
    }

    /** The log written so far, "" before the first line. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the process wrote to stdout and stderr so far. */
    public String consoleText() throws IOException {
        return Files.readString(console);
    }

    /** The operating system's id of the process. */
    public long pid() {
        return process.pid();
    }

    /** The exit code; only after the process exited. */
    public int exitCode() {
        return process.exitValue();
    }

    /** A numeric field (e.g. {@code consumed}) of the latest health line, -1 before the first. */
    public long lastHealth(String field) {
        Matcher line = HEALTH.matcher(logText());
        String last = null;
        while (line.find()) {
            last = line.group();
        }
        if (last == null) {
            return -1;
        }
        Matcher value = Pattern.compile("\\b" + field + "=(\\d+)").matcher(last);
        return value.find() ? Long.parseLong(value.group(1)) : -1;
    }

    /** Peak resident set size so far (VmHWM of /proc/<pid>/status), in bytes. */
    public long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024L;
            }
        }
        return -1;
    }

    /** CPU time the process used so far, all threads, in seconds. */
    public double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(-1.0);
    }

    /** SIGTERM, then waits for the exit; true when it exited in time. */
    public boolean terminate(long seconds) throws InterruptedException {
        signalStop();
        return awaitExit(seconds);
    }

    /** SIGTERM, without waiting: the pipeline drains and exits on its own. */
    public void signalStop() {
        process.destroy();
    }

    /** Waits for the process to exit; true when it did within the time. */
    public boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** SIGKILL (no shutdown hook, no drain: a crash), then waits for the exit; true when it exited in time. */
    public boolean kill(long seconds) throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
