package io.zeekpipeline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekpipeline.json.ZeekJson;
import io.zeekpipeline.parquet.HadoopFiles;
import io.zeekpipeline.rules.ConfigFiles;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The {@code verify} command: compares the Parquet output field by field with the Zeek logs it came
 * from (JSON or TSV, plain or gzipped), expecting what README's "What it writes" describes, and
 * prints a per-type table and the differences. The expected values are derived on its own ({@link TsvLogRecords},
 * {@link CanonicalRecords}), never by the pipeline's readers or conversions; an unreadable line or file is named
 * and skipped. Each run is independent; not thread-safe.
 */
public final class VerifyCommand {

    static final String USAGE =
            "usage: java -jar zeek-pipeline.jar verify --output <parquet base path> [--config-dir DIR] PATH...";

    /** Unreadable source lines named one by one; the rest are only counted. */
    private static final int MAX_REPORTED_SKIPS = 20;

    private final Options options;
    private final PrintStream out;
    private final ObjectMapper mapper = ZeekJson.mapper();
    private final Map<String, RecordComparison> byType = new TreeMap<>();
    private CanonicalRecords canonical;
    private long skipped;

    private record Options(String output, String configDir, List<Path> paths) {

        static Options parse(List<String> args) {
            String output = null;
            String configDir = "config";
            List<Path> paths = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if ("--output".equals(arg) || "--config-dir".equals(arg)) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args.get(++i);
                    if ("--output".equals(arg)) {
                        output = value;
                    } else {
                        configDir = value;
                    }
                } else if (arg.startsWith("--")) {
                    throw new IllegalArgumentException("unknown option " + arg);
                } else {
                    paths.add(Path.of(arg));
                }
            }
            if (output == null) {
                throw new IllegalArgumentException("--output is required");
            }
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("no Zeek log files or folders given");
            }
            return new Options(output, configDir, paths);
        }
    }

    private VerifyCommand(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Runs the command; returns 0 when everything is equal, 1 on differences or skipped source lines, 2 on usage or
     * I/O errors.
     */
    public static int run(List<String> args, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("verify: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        try {
            return new VerifyCommand(options, out).verify();
        } catch (IOException | RuntimeException e) {
            out.println("verify: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 2;
        }
    }

    private int verify() throws IOException {
        canonical = CanonicalRecords.load(new ConfigFiles(options.configDir()), mapper);
        ZeekLogFiles sources = new ZeekLogFiles(mapper);
        for (Path file : ZeekLogFiles.expand(options.paths())) {
            try {
                sources.read(file, (logType, record, line) -> expect(logType, record), this::skipped);
            } catch (IOException e) {
                // a file cut short (a truncated .gz) still lets the rest be checked
                skipped("the rest of " + file + ": " + e.getMessage());
            }
        }
        if (byType.isEmpty()) {
            throw new IOException("no Zeek records in " + options.paths());
        }
        Configuration conf = HadoopFiles.configuration();
        org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(options.output());
        FileSystem fs = base.getFileSystem(conf);
        if (!fs.exists(base)) {
            throw new IOException("no Parquet output at " + options.output());
        }
        for (var entry : byType.entrySet()) {
            readParquet(fs, conf, new org.apache.hadoop.fs.Path(base, entry.getKey()), entry.getKey(),
                    entry.getValue());
        }
        return report(byType.values().stream().map(RecordComparison::result).toList());
    }

    /** A source line or file that could not be read: named (the first few), counted, and the rest checked. */
    private void skipped(String problem) {
        if (skipped++ < MAX_REPORTED_SKIPS) {
            out.println("verify: skipped " + problem);
        }
    }

    private void expect(String logType, ObjectNode record) {
        String type = canonical.outputType(logType);
        byType.computeIfAbsent(type, RecordComparison::new).expected(canonical.expected(type, record));
    }

    /** Reads every published Parquet file under the folder; hidden (temporary) files are skipped. */
    private void readParquet(FileSystem fs, Configuration conf, org.apache.hadoop.fs.Path folder, String logType,
            RecordComparison comparison) throws IOException {
        if (!fs.exists(folder)) {
            return;
        }
        for (FileStatus file : HadoopFiles.filesBelow(fs, folder)) {
            String name = file.getPath().getName();
            if (!name.startsWith(".") && name.endsWith(".parquet")) {
                readRows(HadoopInputFile.fromPath(file.getPath(), conf), logType, comparison);
            }
        }
    }

    private void readRows(HadoopInputFile file, String logType, RecordComparison comparison) throws IOException {
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(file).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                comparison.actual(canonical.actual(logType, row));
            }
        }
    }

    private int report(List<RecordComparison.Result> results) {
        out.printf("%-20s %12s %12s %12s %12s%n", "log type", "source", "parquet", "matched", "differences");
        long records = 0;
        long differences = 0;
        for (RecordComparison.Result r : results) {
            out.printf("%-20s %12d %12d %12d %12d%n", r.logType(), r.sourceRecords(), r.parquetRows(), r.matched(),
                    r.differences());
            records += r.sourceRecords();
            differences += r.differences();
        }
        for (RecordComparison.Result r : results) {
            if (r.differences() > 0) {
                out.println();
                out.println(r.logType() + ": " + r.differences() + " differences"
                            + (r.differences() > r.examples().size() ? ", the first " + r.examples().size() : ""));
                r.examples().forEach(example -> out.println("  " + example));
            }
        }
        String unread = skipped == 0 ? "" : " (" + skipped + " unreadable source lines or files skipped)";
        if (differences == 0) {
            out.println("verify: " + results.size() + " types, " + records + " records, all equal" + unread);
            return skipped == 0 ? 0 : 1;
        }
        out.println("verify: " + differences + " differences" + unread);
        return 1;
    }
}
