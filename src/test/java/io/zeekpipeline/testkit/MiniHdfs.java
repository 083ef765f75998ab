package io.zeekpipeline.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process HDFS for tests: Hadoop's own MiniDFSCluster (a name node and one data node on free local ports),
 * its storage in a folder of the caller. Thread-safe as the cluster; close once.
 */
public final class MiniHdfs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MiniHdfs.class);

    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    /** Formats the name node's storage in {@code folder}, starts both nodes and waits until a file can be written. */
    public static MiniHdfs start(Path folder) throws IOException {
        long started = System.nanoTime();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, folder.toAbsolutePath().toString());
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            cluster.waitActive();
        } catch (IOException | RuntimeException e) {
            cluster.shutdown(true);
            throw e;
        }
        LOG.info("MiniDFSCluster started at {} in {} ms", cluster.getURI(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new MiniHdfs(cluster);
    }

    /** {@code hdfs://localhost:<port>}: the name node, as a base path's scheme and authority. */
    public String uri() {
        return "hdfs://localhost:" + cluster.getNameNodePort();
    }

    /** Stops both nodes and deletes their storage. */
    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
