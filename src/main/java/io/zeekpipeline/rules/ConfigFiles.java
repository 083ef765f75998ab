package io.zeekpipeline.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the data files (normalization.json, schema.json, enrichment.json): in the configured
 * folder when the file is there, else the copy bundled in the jar. Stateless and thread-safe.
 */
public final class ConfigFiles {

    private static final Logger LOG = LoggerFactory.getLogger("startup");

    /** What was opened, for error messages and the start-up log. */
    public record Opened(InputStream stream, String origin) {
    }

    private final Path folder;

    public ConfigFiles(String folder) {
        this.folder = folder == null || folder.isBlank() ? null : Path.of(folder);
    }

    public Opened open(String name) throws IOException {
        if (folder != null) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                LOG.info("using {}", file.toAbsolutePath());
                return new Opened(Files.newInputStream(file), file.toString());
            }
        }
        InputStream bundled = ConfigFiles.class.getResourceAsStream("/config/" + name);
        if (bundled == null) {
            throw new IOException("no " + name + " in " + (folder == null ? "(no folder)" : folder)
                                  + " and none bundled in the jar");
        }
        LOG.info("using the bundled {}", name);
        return new Opened(bundled, "bundled " + name);
    }
}
