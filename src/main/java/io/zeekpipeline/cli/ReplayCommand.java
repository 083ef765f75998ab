package io.zeekpipeline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.zeekpipeline.config.ApplicationProperties;
import io.zeekpipeline.config.ConfigJson;
import io.zeekpipeline.config.KafkaSecurity;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code replay [--config config.json] [--brokers host:port] [--topic name] [--timeout seconds] PATH...}: produces the
 * records of Zeek log files (JSON or TSV, .gz too) into the input topic, one message each, with Zeek's bytes as
 * written ({@link ZeekLogMessages}): a JSON line that names its log type as it is, any other in the zeek-kafka
 * tagged envelope, a TSV record as its header block and line; lines that are no record are reported, counted and
 * skipped. It logs in with the pipeline.kafka.* security settings. A progress bar on a terminal and a closing summary.
 * Brokers that do not answer within the timeout end it with the summary and exit code 1. Runs on the calling thread.
 */
public final class ReplayCommand {

    private static final String USAGE = "usage: java -jar zeek-pipeline.jar replay [--config config.json] "
            + "[--brokers host:port] [--topic name] [--timeout seconds] PATH...";
    /** Default of --timeout: how long a send may wait for the brokers. */
    private static final int DEFAULT_TIMEOUT_SECONDS = 30;
    private static final int LINGER_MS = 20;
    /** Unreadable lines named one by one; the rest are only counted. */
    private static final int MAX_REPORTED_LINES = 20;

    private final PrintStream out;
    private final Duration timeout;
    private final Map<String, Long> perType = new TreeMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    private long unreadable;

    private ReplayCommand(PrintStream out, Duration timeout) {
        this.out = out;
        this.timeout = timeout;
    }

    /** Runs the command; returns the exit code (0 done, 1 a line or file unread or a record unsent, 2 usage). */
    public static int run(List<String> args, PrintStream out) {
        List<Path> paths = new ArrayList<>();
        String brokers = null;
        String topic = null;
        Path config = null;
        String timeout = String.valueOf(DEFAULT_TIMEOUT_SECONDS);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (List.of("--brokers", "--topic", "--config", "--timeout").contains(arg)) {
                if (i + 1 >= args.size()) {
                    out.println(arg + " needs a value\n" + USAGE);
                    return 2;
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--brokers" -> brokers = value;
                    case "--topic" -> topic = value;
                    case "--timeout" -> timeout = value;
                    default -> config = Path.of(value);
                }
            } else if (arg.startsWith("--")) {
                out.println("unknown option " + arg + "\n" + USAGE);
                return 2;
            } else {
                paths.add(Path.of(arg));
            }
        }
        if (paths.isEmpty()) {
            out.println(USAGE);
            return 2;
        }
        if (!timeout.matches("[1-9]\\d{0,5}")) {
            out.println("--timeout must be a whole number of seconds from 1 to 999999, was '" + timeout + "'\n"
                    + USAGE);
            return 2;
        }
        try {
            Map<String, String> settings = settings(config);
            return new ReplayCommand(out, Duration.ofSeconds(Integer.parseInt(timeout)))
                    .replay(ZeekLogFiles.expand(paths),
                            brokers != null ? brokers : settings.get("pipeline.input.brokers"),
                            topic != null ? topic : settings.get("pipeline.input.topic"),
                            KafkaSecurity.from(settings::get));
        } catch (IOException | IllegalArgumentException | KafkaException e) {
            // KafkaException: a security setting the Kafka client refuses, named in its message
            out.println("replay: " + e.getMessage());
            return 2;
        }
    }

    /**
     * The input brokers and topic and the Kafka security settings: config.json when given, else the environment,
     * else application.properties.
     */
    private static Map<String, String> settings(Path config) throws IOException {
        Properties props = ApplicationProperties.locate().load();
        Map<String, String> settings = new TreeMap<>();
        List<String> keys = new ArrayList<>(List.of("pipeline.input.brokers", "pipeline.input.topic"));
        keys.addAll(KafkaSecurity.KEYS.keySet());
        for (String key : keys) {
            String env = System.getenv(ApplicationProperties.variableOf(key));
            settings.put(key, env != null ? env : props.getProperty(key));
        }
        if (config != null) {
            settings.putAll(ConfigJson.read(config).toProperties());
        }
        return settings;
    }

    private int replay(List<Path> files, String brokers, String topic, KafkaSecurity security) throws IOException {
        long totalBytes = 0;
        for (Path file : files) {
            totalBytes += Files.size(file);
        }
        Progress progress = new Progress(out, totalBytes, System.console() != null);
        ZeekLogMessages reader = new ZeekLogMessages();
        long started = System.nanoTime();
        int failedFiles = 0;
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(brokers, timeout, security),
                new ByteArraySerializer(), new ByteArraySerializer());
        try {
            for (Path file : files) {
                try {
                    reader.read(file, new ZeekLogMessages.MessageSink() {
                        @Override
                        public void message(String logType, byte[] value) {
                            // after a failed send the rest is only counted: each send would wait the timeout again
                            if (sendError.get() == null) {
                                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                                    if (error != null) {
                                        sendError.compareAndSet(null, error);
                                    } else {
                                        sent.incrementAndGet();
                                    }
                                });
                            }
                            perType.merge(logType, 1L, Long::sum);
                            progress.record(file, sent.get());
                        }

                        @Override
                        public void unreadable(String problem) {
                            if (unreadable++ < MAX_REPORTED_LINES) {
                                out.println("\nreplay: skipped " + problem);
                            }
                        }
                    });
                } catch (IOException e) {
                    failedFiles++;
                    out.println("\nreplay: " + e.getMessage());
                }
                progress.fileDone(Files.size(file));
            }
            producer.flush();
        } finally {
            // an unreachable broker would otherwise hold the close; after a failed send nothing is left to wait for
            producer.close(sendError.get() == null ? timeout : Duration.ZERO);
        }
        progress.finish();
        double seconds = (System.nanoTime() - started) / 1e9;
        long read = perType.values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "replayed %d records from %d files to %s on %s in %.1f s (%.0f records/s)%n",
                sent.get(), files.size(), topic, brokers, seconds, sent.get() / Math.max(seconds, 1e-9));
        perType.forEach((type, n) -> out.printf(Locale.ROOT, "  %-18s %10d%n", type, n));
        if (unreadable > 0) {
            out.println("replay: " + unreadable + " unreadable lines skipped");
        }
        if (sendError.get() != null || sent.get() != read) {
            out.println("replay: " + (read - sent.get()) + " records were not sent (brokers " + brokers + ", timeout "
                        + timeout.toSeconds() + " s): " + sendError.get());
            return 1;
        }
        return failedFiles == 0 && unreadable == 0 ? 0 : 1;
    }

    private static Properties producerConfig(String brokers, Duration timeout, KafkaSecurity security) {
        int millis = (int) timeout.toMillis();
        Properties p = new Properties();
        p.putAll(security.clientProperties());
        // a send waits at most this for the topic's metadata, a batch at most this for its acknowledgement
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(millis));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(millis));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(millis + LINGER_MS));
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(LINGER_MS));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    /** A one-line progress bar redrawn in place on a terminal, silent otherwise. Used by one thread. */
    private static final class Progress {
        private final PrintStream out;
        private final long totalBytes;
        private final boolean terminal;
        private long doneBytes;
        private long lastDraw;

        Progress(PrintStream out, long totalBytes, boolean terminal) {
            this.out = out;
            this.totalBytes = Math.max(1, totalBytes);
            this.terminal = terminal;
        }

        void record(Path file, long sent) {
            long now = System.currentTimeMillis();
            if (terminal && now - lastDraw >= 200) {
                lastDraw = now;
                int width = 30;
                int filled = (int) (width * doneBytes / totalBytes);
                out.printf(Locale.ROOT, "\r[%s%s] %3d%% %,d sent  %s   ", "#".repeat(filled),
                        " ".repeat(width - filled),
                        100 * doneBytes / totalBytes, sent, file.getFileName());
            }
        }

        void fileDone(long bytes) {
            doneBytes += bytes;
        }

        void finish() {
            if (terminal) {
                out.println();
            }
        }
    }
}
