package io.zeekpipeline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

/**
 * A pipeline's Parquet output folder read back with DuckDB, as a downstream reader sees it: only the
 * published {@code <log_type>/**}{@code /*.parquet} files, never the hidden temporary ones. Stateless.
 */
public final class ParquetOutput {

    private ParquetOutput() {
    }

    /** Rows in a log type's published files. */
    public static long rows(Path base, String logType) throws IOException, SQLException {
        return scalar(base, logType, "count(*)");
    }

    /** Rows in the published files of every log type below the base folder; 0 when there is no such folder. */
    public static long totalRows(Path base) throws IOException, SQLException {
        long rows = 0;
        if (!Files.isDirectory(base)) {
            return rows;
        }
        try (Stream<Path> logTypes = Files.list(base)) {
            for (Path folder : logTypes.filter(Files::isDirectory).toList()) {
                rows += rows(base, folder.getFileName().toString());
            }
        }
        return rows;
    }

    /** A count over a log type's published files, e.g. {@code count(DISTINCT uid)}; 0 when there are none. */
    public static long scalar(Path base, String logType, String aggregate) throws IOException, SQLException {
        Path folder = base.resolve(logType);
        // DuckDB fails on a glob matching nothing; for a count, no file means 0
        if (!Files.isDirectory(folder) || files(folder).stream().noneMatch(ParquetOutput::isPublished)) {
            return 0;
        }
        // the folders are hive-style (year=...), but the columns come from the files only
        String sql = "SELECT " + aggregate + " FROM read_parquet('" + folder
                     + "/**/*.parquet', hive_partitioning=false)";
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet rs = duck.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A file readers pick up: a Parquet name, not hidden (temporary files are {@code .<name>.parquet.tmp}). */
    public static boolean isPublished(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && name.endsWith(".parquet");
    }

    /** Every regular file below the base folder, temporary ones included. */
    public static List<Path> files(Path base) throws IOException {
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
