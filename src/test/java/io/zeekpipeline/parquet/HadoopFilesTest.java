package io.zeekpipeline.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HadoopFilesTest {

    @TempDir
    Path folder;

    @Test
    void localPathsUseTheFileSystemThatSetsPermissionsWithoutChecksumFiles() throws IOException {
        org.apache.hadoop.fs.Path hour = new org.apache.hadoop.fs.Path(folder.toUri().toString(), "conn/hour=01");
        FileSystem fs = hour.getFileSystem(HadoopFiles.configuration());
        assertInstanceOf(HadoopFiles.LocalFiles.class, fs);

        assertTrue(fs.mkdirs(hour, new FsPermission((short) 0750)));
        try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(hour, "a.parquet"),
                new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
            out.write(new byte[] {1, 2, 3});
        }

        Path written = folder.resolve("conn/hour=01");
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        assertEquals("rw-r-----",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(written.resolve("a.parquet"))));
        try (var files = Files.list(written)) {
            assertEquals(List.of("a.parquet"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void listsEveryFileAtAnyDepthButNoFolders() throws IOException {
        Files.createDirectories(folder.resolve("conn/hour=01"));
        Files.createDirectories(folder.resolve("dns/empty"));
        Files.writeString(folder.resolve("conn/hour=01/a.parquet"), "a");
        Files.writeString(folder.resolve("conn/hour=01/.b.parquet.tmp"), "b");
        Files.writeString(folder.resolve("top.parquet"), "c");
        org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(folder.toUri().toString());

        List<String> names = HadoopFiles.filesBelow(base.getFileSystem(HadoopFiles.configuration()), base).stream()
                .map(status -> status.getPath().getName()).sorted().toList();

        assertEquals(List.of(".b.parquet.tmp", "a.parquet", "top.parquet"), names);
    }
}
