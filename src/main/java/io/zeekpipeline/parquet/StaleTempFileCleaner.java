package io.zeekpipeline.parquet;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes temporary Parquet files ({@code .<name>.parquet.tmp}) that a crash left behind. Only files
 * older than the age limit go, so another instance's file in the making is never touched. An object
 * store has none (see {@link HadoopFiles#publishesOnClose}) and is not listed. Run once at start; stateless.
 */
public class StaleTempFileCleaner implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("parquet");

    private final Path basePath;
    private final long maxAgeMillis;
    private final Configuration conf;

    public StaleTempFileCleaner(String basePath, long maxAgeMillis, Configuration conf) {
        this.basePath = new Path(basePath);
        this.maxAgeMillis = maxAgeMillis;
        this.conf = conf;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        FileSystem fs = basePath.getFileSystem(conf);
        if (maxAgeMillis <= 0) {
            return;
        }
        if (HadoopFiles.publishesOnClose(fs, basePath)) {
            // files go straight to their final names there: no temporary ones, and no walk of a whole bucket
            LOG.info("temporary file clean-up skipped: {} holds no temporary files", basePath);
            return;
        }
        if (!fs.exists(basePath)) {
            return;
        }
        long cutoff = System.currentTimeMillis() - maxAgeMillis;
        int removed = 0;
        for (FileStatus file : HadoopFiles.filesBelow(fs, basePath)) {
            String name = file.getPath().getName();
            if (name.startsWith(".") && name.endsWith(".parquet.tmp") && file.getModificationTime() < cutoff
                && fs.delete(file.getPath(), false)) {
                removed++;
                LOG.warn("removed a temporary file left by an earlier run | {}", file.getPath());
            }
        }
        LOG.info("temporary file clean-up done | removed={}", removed);
    }
}
