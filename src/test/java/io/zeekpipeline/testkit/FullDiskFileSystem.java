package io.zeekpipeline.testkit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.zeekpipeline.config.HadoopSettings;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system under the scheme {@code fullfs:}, with a disk that can fill up: once the
 * bytes written pass the free space, every write fails with Hadoop's {@link FSError}, as the local
 * file system reports ENOSPC. The free space is one static gauge for all instances (removing files
 * gives none back); thread-safe.
 */
public final class FullDiskFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "fullfs";
    private static final URI ROOT = URI.create(SCHEME + ":///");
    private static final AtomicLong FREE_BYTES = new AtomicLong(Long.MAX_VALUE);

    /** The Hadoop settings that make {@code fullfs:} paths use this file system. */
    public static Map<String, String> hadoopSettings() {
        return Map.of("fs." + SCHEME + ".impl", FullDiskFileSystem.class.getName());
    }

    /** The same as pipeline settings ({@code pipeline.hadoop.*}). */
    public static Map<String, String> pipelineSettings() {
        Map<String, String> settings = new HashMap<>();
        hadoopSettings().forEach((key, value) -> settings.put(HadoopSettings.PREFIX + key, value));
        return settings;
    }

    /** {@code folder} as a {@code fullfs:} URI, for pipeline.parquet.base-path. */
    public static String uriOf(java.nio.file.Path folder) {
        return SCHEME + "://" + folder.toAbsolutePath();
    }

    /** From now on only {@code bytes} more can be written. */
    public static void fill(long bytes) {
        FREE_BYTES.set(bytes);
    }

    /** Space without limit again. */
    public static void freeSpace() {
        FREE_BYTES.set(Long.MAX_VALUE);
    }

    @Override
    public URI getUri() {
        return ROOT;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission)
            throws IOException {
        return new FilterOutputStream(super.createOutputStreamWithMode(f, append, permission)) {
            @Override
            public void write(int b) throws IOException {
                take(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                take(len);
                out.write(b, off, len);
            }
        };
    }

    private static void take(long bytes) {
        if (FREE_BYTES.getAndUpdate(free -> free >= bytes ? free - bytes : free) < bytes) {
            throw noSpace();
        }
    }

    /** What RawLocalFileSystem throws when the disk is full; FSError's constructor is package-private. */
    private static FSError noSpace() {
        try {
            Constructor<FSError> constructor = FSError.class.getDeclaredConstructor(Throwable.class);
            constructor.setAccessible(true);
            return constructor.newInstance(new IOException("No space left on device"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make Hadoop's FSError", e);
        }
    }
}
