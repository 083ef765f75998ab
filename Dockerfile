# syntax=docker/dockerfile:1
#
# zeek-pipeline container image: Zeek logs from Kafka -> normalize/enrich -> Parquet files + Kafka topic.
#
# Build (from the repository top; BuildKit, the default builder since Docker 23, is needed for the
# Maven cache mount):
#   docker build -t zeek-pipeline:latest .
#
# Run:
#   docker run --rm --name zeek-pipeline \
#     -e PIPELINE_INPUT_BROKERS=kafka:9092 \
#     -p 9876:9876 \
#     -v zeek-output:/data/output \
#     -v zeek-logs:/var/log/zeek-pipeline \
#     zeek-pipeline:latest
#   (more, with the mounts below together: docs/operations.md "Docker")
#   Stop it with `docker stop -t 60 zeek-pipeline`: SIGTERM makes the pipeline flush its open Parquet
#   batches and output batches for up to 45 s (camel.main.shutdown-timeout), so allow more than that.
#
#   Own settings and routes: mount folders over the image's copies (a data file missing from the
#   mounted config folder falls back to the copy bundled in the jar; its application.properties is
#   read over the bundled defaults, so it need only hold the keys it changes):
#     -v "$PWD/config:/opt/zeek-pipeline/config:ro" -v "$PWD/routes:/opt/zeek-pipeline/routes:ro"
#   A route needing a Camel component the image does not carry (it has kafka, file, log, seda, http,
#   jsonpath, timer, bean, direct): mount a folder with the component's jar and its dependencies
#   (Camel 4.18.0 versions) over the extension folder, no rebuild needed:
#     -v "$PWD/ext:/opt/zeek-pipeline/lib/ext:ro"
#   or only a settings file, named by PIPELINE_PROPERTIES_FILE:
#     -v "$PWD/my.properties:/etc/zeek-pipeline/application.properties:ro" \
#     -e PIPELINE_PROPERTIES_FILE=/etc/zeek-pipeline/application.properties
#   Arguments after the image name go to the application, e.g. a seed config.json:
#     docker run ... zeek-pipeline:latest --config /opt/zeek-pipeline/config/config.json
#   (a log.path in config.json wins over PIPELINE_LOG_PATH: leave it out or set it to
#   /var/log/zeek-pipeline; the image user may write only there, to /data/output and to /tmp)
#
# Environment variables that matter (any key of config/application.properties can be set this way:
# upper-case it and replace '.' and '-' with '_'):
#   PIPELINE_INPUT_BROKERS      Kafka bootstrap servers (default localhost:9092: set it);
#                               the output and dead-letter topics use the same brokers unless
#                               PIPELINE_OUTPUT_BROKERS / PIPELINE_DEAD_LETTER_BROKERS are set
#   PIPELINE_INPUT_TOPIC        input topic (zeek-raw)
#   PIPELINE_INPUT_GROUP_ID     consumer group (zeek-pipeline)
#   PIPELINE_OUTPUT_TOPIC       enriched output topic (zeek-normalized); PIPELINE_OUTPUT_ENABLED=false turns it off
#   PIPELINE_DEAD_LETTER_TOPIC  dead-letter topic (zeek-dlq)
#   PIPELINE_PARQUET_BASE_PATH  Parquet base folder or Hadoop URI (file://, hdfs://, s3a://); set to /data/output here
#                               S3: s3a://bucket/prefix, credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the
#                               pod's role, other S3A settings as PIPELINE_HADOOP_FS_S3A_* (docs/storage.md)
#   PIPELINE_LOG_PATH           folder of pipeline.log (also logged to the console); set to /var/log/zeek-pipeline here
#   JAVA_OPTS                   JVM options (default: the ENV line below); setting it replaces the default
#   PIPELINE_KAFKA_SECURITY_PROTOCOL, PIPELINE_KAFKA_SASL_MECHANISM, PIPELINE_KAFKA_SASL_JAAS_CONFIG,
#   PIPELINE_KAFKA_SSL_TRUSTSTORE_*  Kafka SASL/TLS for every Kafka client (docs/kafka-security.md)

# ---- build stage ------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src/ src/
# config/ and routes/ are bundled into the jar as fallbacks (see the <resources> of pom.xml)
COPY config/ config/
COPY routes/ routes/
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

# ---- runtime stage ----------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# A named user with a fixed uid: Hadoop's login (used for the Parquet file system) wants the uid to
# have a passwd entry, so run the image as 10001 rather than as an arbitrary uid.
RUN groupadd --system --gid 10001 zeek \
 && useradd --system --uid 10001 --gid zeek --home-dir /opt/zeek-pipeline --no-create-home \
            --shell /usr/sbin/nologin zeek \
 && mkdir -p /opt/zeek-pipeline /data/output /var/log/zeek-pipeline \
 && chown zeek:zeek /data/output /var/log/zeek-pipeline

WORKDIR /opt/zeek-pipeline

# Dependencies first, in their own layer: they change far less often than the application.
# The jar's manifest Class-Path names them as lib/<artifact>.jar, relative to the jar; the start
# command below adds every jar in lib/ext (empty here, a mount point for added components).
COPY --from=build /build/target/lib/ lib/
RUN mkdir -p lib/ext
# Operator-editable settings and routes, read from ./config and ./routes (the working directory);
# mount over /opt/zeek-pipeline/config and /opt/zeek-pipeline/routes to replace them.
COPY config/ config/
COPY routes/ routes/
COPY --from=build /build/target/zeek-pipeline.jar zeek-pipeline.jar

# JVM flags measured with the benchmark (README "Measured"): the parallel collector with a young
# generation half the heap; smaller inlining and fewer lukewarm methods compiled, so the JIT
# compilers take less of the two cores. A JVM out of heap exits, to be restarted, instead of
# running on with dead threads (nothing past the durable outputs was committed). The classes a start
# loads come mapped from the class-data sharing archive made below, for a faster start.
ENV PIPELINE_PARQUET_BASE_PATH=/data/output \
    PIPELINE_LOG_PATH=/var/log/zeek-pipeline \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC -XX:NewRatio=1 -XX:FreqInlineSize=100 -XX:InlineSmallCode=500 -XX:Tier3InvocationThreshold=1000 -XX:Tier3MinInvocationThreshold=500 -XX:Tier3CompileThreshold=5000 -XX:SharedArchiveFile=/opt/zeek-pipeline/zeek-pipeline.jsa"

# The class-data sharing archive JAVA_OPTS names: made here, by a start that stops a second after it is up
# (no broker needed), because it only fits the JVM and the class path it was made with; with another one
# (a JAVA_OPTS without the flag, another base image) the JVM just runs without it.
RUN PIPELINE_INPUT_BROKERS=localhost:9 PIPELINE_PARQUET_BASE_PATH=/tmp/cds-training \
    PIPELINE_LOG_PATH=/tmp/cds-training PIPELINE_MANAGEMENT_PORT=0 \
    java -XX:ArchiveClassesAtExit=/opt/zeek-pipeline/zeek-pipeline.jsa -Xlog:cds=error \
         -Dcamel.main.duration-max-seconds=1 -cp 'zeek-pipeline.jar:lib/*:lib/ext/*' \
         io.zeekpipeline.ZeekPipelineApplication \
 && rm -rf /tmp/cds-training

VOLUME ["/data/output", "/var/log/zeek-pipeline"]

# the management server (camel.management.port): /observe/health, /observe/health/live, /observe/health/ready
EXPOSE 9876

USER 10001:10001

# exec: java becomes PID 1 and receives SIGTERM itself, so a stop flushes the batches.
# "zeek-pipeline" is $0 of the shell; the container's arguments become "$@". A class path rather than
# -jar, so the jars of lib/ext join the application's (the quotes keep the shell from expanding the *).
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp 'zeek-pipeline.jar:lib/*:lib/ext/*' io.zeekpipeline.ZeekPipelineApplication \"$@\"", "zeek-pipeline"]
CMD []
