package io.zeekpipeline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.zeekpipeline.config.HadoopSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A real S3 API server for tests: s3proxy with jclouds' {@code filesystem} backend, each bucket a folder and each
 * object a file below it, run as a process of its own from the jar Maven copies to target/s3proxy (its Jetty,
 * Jackson and logging never meet the pipeline's). One process serves the whole test JVM and ends with it; each
 * {@link #withNewBucket()} is a bucket of its own, named at random, so that Hadoop's cache of one S3A file system
 * per bucket never mixes tests. Thread-safe.
 */
public final class S3Server {

    public static final String ACCESS_KEY = "zeek-test-access";
    public static final String SECRET_KEY = "zeek-test-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static Process process;
    private static Path storage;
    private static String endpoint;

    private final String bucket;

    private S3Server(String bucket) {
        this.bucket = bucket;
    }

    /** A new, empty bucket on the JVM's server, started at the first call. */
    public static synchronized S3Server withNewBucket() throws IOException, InterruptedException {
        if (process == null) {
            start(Files.createDirectories(Path.of("target", "s3proxy", "run-" + UUID.randomUUID())));
        }
        String bucket = "zeek-" + UUID.randomUUID().toString().substring(0, 8);
        // the filesystem backend: a bucket is a folder of its base directory
        Files.createDirectories(storage.resolve(bucket));
        return new S3Server(bucket);
    }

    private static void start(Path folder) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy not found at " + jar
                                            + ": mvn verify copies it there before the integration tests");
        }
        Path objects = Files.createDirectories(folder.resolve("storage")).toAbsolutePath();
        String address = "http://127.0.0.1:" + FreePorts.find();
        Path properties = folder.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + address,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "jclouds.filesystem.basedir=" + objects,
                ""));
        Path log = folder.resolve("s3proxy.log");
        Process started = new ProcessBuilder(List.of("java", "-Xmx256m", "-jar", jar.toString(),
                "--properties", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        awaitAnswer(started, address, log);
        process = started;
        storage = objects;
        endpoint = address;
    }

    /** Waits until the server answers HTTP (any status: a request without a signature is refused). */
    private static void awaitAnswer(Process started, String address, Path log) throws IOException,
            InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + started.exitValue() + ":\n"
                                                + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(address + "/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        started.destroyForcibly();
        throw new IllegalStateException("s3proxy did not answer at " + address + " within " + START_TIMEOUT + ":\n"
                                        + Files.readString(log));
    }

    /** {@code s3a://<bucket>/<prefix>}. */
    public String uri(String prefix) {
        return "s3a://" + bucket + "/" + prefix;
    }

    /** The folder holding the objects under {@code prefix}, as files, for readers of local files (DuckDB). */
    public Path folderOf(String prefix) {
        return storage.resolve(bucket).resolve(prefix);
    }

    /**
     * The Hadoop settings of an S3-compatible store that docs/storage.md gives, without credentials: this endpoint
     * over plain HTTP, path-style requests, a region (the endpoint names none).
     */
    public Map<String, String> endpointSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fs.s3a.endpoint", endpoint);
        settings.put("fs.s3a.endpoint.region", "us-east-1");
        settings.put("fs.s3a.path.style.access", "true");
        settings.put("fs.s3a.connection.ssl.enabled", "false");
        return settings;
    }

    /** {@link #endpointSettings()} with the credentials as S3A settings. */
    public Map<String, String> hadoopSettings() {
        Map<String, String> settings = endpointSettings();
        settings.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        settings.put("fs.s3a.access.key", ACCESS_KEY);
        settings.put("fs.s3a.secret.key", SECRET_KEY);
        return settings;
    }

    /** {@link #hadoopSettings()} as pipeline settings ({@code pipeline.hadoop.*}). */
    public Map<String, String> pipelineSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        hadoopSettings().forEach((key, value) -> settings.put(HadoopSettings.PREFIX + key, value));
        return settings;
    }

    /** The credentials as the AWS SDK's environment variables, which S3A's default credential chain reads. */
    public Map<String, String> credentialVariables() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** The S3A file system of the bucket, as the pipeline's Hadoop configuration reaches it. */
    public FileSystem fileSystem(Configuration conf) {
        try {
            return new org.apache.hadoop.fs.Path(uri("")).getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
