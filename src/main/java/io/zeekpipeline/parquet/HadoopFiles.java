package io.zeekpipeline.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/** The Hadoop configuration every Parquet file access of the pipeline shares. Stateless. */
public final class HadoopFiles {

    private HadoopFiles() {
    }

    /**
     * A new configuration: {@code file:} paths use {@link LocalFiles} (no .crc side files, no process per file), and
     * S3A buffers uploads in memory.
     */
    public static Configuration configuration() {
        return configuration(Map.of());
    }

    /**
     * As {@link #configuration()}, with the given Hadoop settings on top (see
     * {@link io.zeekpipeline.config.HadoopSettings}).
     */
    public static Configuration configuration(Map<String, String> settings) {
        Configuration conf = new Configuration();
        conf.setClass("fs.file.impl", LocalFiles.class, FileSystem.class);
        // Hadoop caches one file system per scheme whatever the configuration: keep ours apart
        conf.setBoolean("fs.file.impl.disable.cache", true);
        // S3A's default upload buffer, local disk, takes the local file system as Hadoop's checksummed one, which
        // LocalFiles replaces: a file being uploaded waits in off-heap memory instead, at most its size
        conf.set("fs.s3a.fast.upload.buffer", "bytebuffer");
        settings.forEach(conf::set);
        return conf;
    }

    /**
     * True when a file written under {@code path} appears only once its stream is closed, whole, and a
     * stream can be aborted so that nothing appears: an object store (S3A uploads on close and declares
     * abortable streams). There files are written straight to their final names, where a rename would
     * be a copy and a delete; elsewhere (local disk, HDFS) a hidden temporary file is renamed into place.
     */
    public static boolean publishesOnClose(FileSystem fs, Path path) throws IOException {
        return fs.hasPathCapability(path, CommonPathCapabilities.ABORTABLE_STREAM);
    }

    /**
     * Every file below {@code folder}, at any depth. Walks with listStatus, not listFiles: a located
     * status of the local file system reads its permissions by running a process per file (about
     * 10 ms each).
     */
    public static List<FileStatus> filesBelow(FileSystem fs, Path folder) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus status : fs.listStatus(folder)) {
            if (status.isDirectory()) {
                files.addAll(filesBelow(fs, status.getPath()));
            } else {
                files.add(status);
            }
        }
        return files;
    }

    /**
     * Hadoop's raw local file system, setting permissions through java.nio: without Hadoop's native
     * library the stock one forks a {@code chmod} process for every file and folder it creates,
     * which cost more than writing a small Parquet file. Parquet has its own page checksums, so the
     * checksummed wrapper (and its .crc files) is left out. Thread-safe as its base class.
     */
    public static final class LocalFiles extends RawLocalFileSystem {
        @Override
        public void setPermission(Path path, FsPermission permission) throws IOException {
            if (permission == null) {
                return;
            }
            Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission.toShort()));
        }

        private static Set<PosixFilePermission> posix(short mode) {
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            // PosixFilePermission lists owner read/write/execute, then group, then others: bits 8 down to 0
            PosixFilePermission[] all = PosixFilePermission.values();
            for (int i = 0; i < all.length; i++) {
                if ((mode & (1 << (8 - i))) != 0) {
                    set.add(all[i]);
                }
            }
            return set;
        }
    }
}
