package io.zeekpipeline.parquet;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Which source records the published Parquet files hold, read from their names (see
 * {@link PartitionPath#fileNameOf}), so records read again after a crash or a rebalance are not
 * written twice. A folder is listed the first time one of its records is checked, and again after
 * {@link #forget()} (the consumers' partitions changed, so another instance may have written
 * there). Thread-safe.
 */
public final class PersistedRecords {

    /**
     * {@code <topic>+<partition>+<first>+<last>+<first time>+<last time>},
     * as {@link PartitionPath#fileNameOf} writes it.
     */
    private static final Pattern SOURCE = Pattern.compile(
            "([A-Za-z0-9._-]+)\\+(\\d{1,9})\\+(\\d{1,18})\\+(\\d{1,18})\\+(-?\\d{1,18})\\+(-?\\d{1,18})");
    /** Folders whose listing is kept; older ones are listed again when needed. */
    private static final int MAX_FOLDERS = 2048;

    private final Path basePath;
    private final String filePrefix;
    private final Configuration hadoopConf;
    private final Map<String, Map<String, NavigableMap<Long, Span>>> folders =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, NavigableMap<Long, Span>>> eldest) {
                    return size() > MAX_FOLDERS;
                }
            };

    public PersistedRecords(String basePath, String filePrefix, Configuration hadoopConf) {
        this.basePath = new Path(basePath);
        this.filePrefix = filePrefix;
        this.hadoopConf = hadoopConf;
    }

    /** The offsets and Kafka times of one file's records, keyed by its first offset. */
    record Span(long lastOffset, long firstTimestamp, long lastTimestamp) {
    }

    /** The published files of a folder (relative to the base path), listed once until {@link #forget()}. */
    Folder folder(String directory, String logType) throws IOException {
        Map<String, NavigableMap<Long, Span>> files;
        synchronized (folders) {
            files = folders.get(directory);
        }
        if (files == null) {
            files = list(directory, logType);
            synchronized (folders) {
                folders.put(directory, files);
            }
        }
        return new Folder(files);
    }

    /** One folder's files as listed: their spans by {@code topic+partition}. Immutable and thread-safe. */
    record Folder(Map<String, NavigableMap<Long, Span>> files) {

        /**
         * True when a file of the folder holds the record: its offset and its Kafka timestamp lie
         * within the file's, so a record of a topic deleted and created again under the same name is
         * not taken for an old one at the same offset.
         */
        boolean holds(String topic, int partition, long offset, long timestampMillis) {
            if (files.isEmpty()) {
                return false; // the usual case: a folder being written for the first time
            }
            NavigableMap<Long, Span> spans = files.get(topic + PartitionPath.SEPARATOR + partition);
            Map.Entry<Long, Span> file = spans == null ? null : spans.floorEntry(offset);
            return file != null && offset <= file.getValue().lastOffset()
                   && timestampMillis >= file.getValue().firstTimestamp()
                   && timestampMillis <= file.getValue().lastTimestamp();
        }
    }

    /** Lists every folder again before its next check. */
    public void forget() {
        synchronized (folders) {
            folders.clear();
        }
    }

    /** The files' spans by {@code topic+partition} (temporary and foreign names ignored). */
    private Map<String, NavigableMap<Long, Span>> list(String directory, String logType) throws IOException {
        Path folder = new Path(basePath, directory);
        FileSystem fs = folder.getFileSystem(hadoopConf);
        FileStatus[] statuses;
        try {
            statuses = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            return Map.of();
        }
        String head = filePrefix + "_" + logType + "_";
        Map<String, NavigableMap<Long, Span>> files = new HashMap<>();
        for (FileStatus status : statuses) {
            String name = status.getPath().getName();
            if (!status.isFile() || !name.startsWith(head) || !name.endsWith(PartitionPath.SUFFIX)) {
                continue;
            }
            // a name this pipeline did not give says nothing about which records the file holds
            Matcher source = SOURCE.matcher(name.substring(head.length(),
                    name.length() - PartitionPath.SUFFIX.length()));
            if (source.matches()) {
                files.computeIfAbsent(source.group(1) + PartitionPath.SEPARATOR + source.group(2), k -> new TreeMap<>())
                        .put(Long.parseLong(source.group(3)), new Span(Long.parseLong(source.group(4)),
                                Long.parseLong(source.group(5)), Long.parseLong(source.group(6))));
            }
        }
        return files;
    }
}
