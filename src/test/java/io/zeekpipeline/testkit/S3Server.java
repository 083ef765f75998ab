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
import java.util.concurrent.TimeUnit;

import io.zeekpipeline.config.HadoopSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A real S3 API server for tests: s3proxy with jclouds' {@code filesystem} backend, each bucket a folder and each
 * object a file below it, started as a process of its own from the jar Maven copies to target/s3proxy (its
 * Jetty, Jackson and logging never meet the pipeline's). One bucket per server, named at random, so that
 * Hadoop's cache of one S3A file system per bucket never hands a test another server's. Not thread-safe.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "zeek-test-access";
    public static final String SECRET_KEY = "zeek-test-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path storage;
    private final String bucket;
    private final String endpoint;

    private S3Server(Process process, Path storage, String bucket, String endpoint) {
        this.process = process;
        this.storage = storage;
        this.bucket = bucket;
        this.endpoint = endpoint;
    }

    /** Starts the server on a free port with its objects under {@code folder}/storage and one empty bucket. */
    public static S3Server start(Path folder) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy not found at " + jar
                                            + ": mvn verify copies it there before the integration tests");
        }
        Path storage = Files.createDirectories(folder.resolve("storage"));
        String bucket = "zeek-" + UUID.randomUUID().toString().substring(0, 8);
        // the filesystem backend: a bucket is a folder of its base directory
        Files.createDirectories(storage.resolve(bucket));
        String endpoint = "http://127.0.0.1:" + FreePorts.find();
        Path properties = folder.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "jclouds.filesystem.basedir=" + storage,
                ""));
        Process process = new ProcessBuilder(List.of("java", "-Xmx256m", "-jar", jar.toString(),
                "--properties", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("s3proxy.log").toFile())
                .start();
        S3Server server = new S3Server(process, storage, bucket, endpoint);
        server.awaitAnswer(folder.resolve("s3proxy.log"));
        return server;
    }

    /** Waits until the server answers HTTP (any status: a request without a signature is refused). */
    private void awaitAnswer(Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ":\n"
                                                + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        close();
        throw new IllegalStateException("s3proxy did not answer at " + endpoint + " within " + START_TIMEOUT + ":\n"
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
