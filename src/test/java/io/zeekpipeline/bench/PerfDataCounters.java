package io.zeekpipeline.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Long counters of a local HotSpot JVM (e.g. {@code sun.rt.createVmBeginTime}, epoch ms) read from the
 * performance-data file it keeps in {@code <tmp>/hsperfdata_<user>/<pid>}, without attaching to it: the JDK's
 * reader of that file (jdk.internal.jvmstat) is not exported. Stateless.
 */
final class PerfDataCounters {

    /** When the JVM began creating itself: the base of RuntimeMXBean.getUptime(). */
    static final String CREATE_VM_BEGIN = "sun.rt.createVmBeginTime";
    /** When its initialisation was done, before the main class: RuntimeMXBean.getStartTime(). */
    static final String VM_INIT_DONE = "sun.rt.vmInitDoneTime";
    private static final int MAGIC = 0xcafec0c0;

    private PerfDataCounters() {
    }

    /**
     * The named counters that are there and set (not 0); none when the file is not (e.g. -XX:-UsePerfData, or the
     * JVM exited).
     */
    static Map<String, Long> read(long pid, Set<String> names) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
                Long.toString(pid));
        Map<String, Long> found = new HashMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException notThere) {
            return found;
        }
        ByteBuffer data = ByteBuffer.wrap(bytes);
        // the prologue (hotspot perfMemory.hpp): magic (big-endian), byte order, versions, ..., entry offset, count
        if (bytes.length < 32 || data.getInt(0) != MAGIC) {
            return found;
        }
        data.order(bytes[4] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entry = data.getInt(24);
        int entries = data.getInt(28);
        for (int i = 0; i < entries && entry + 20 <= bytes.length; i++) {
            // an entry: its length, name offset, vector length, type, flags, units, variability, data offset
            int name = entry + data.getInt(entry + 4);
            int end = name;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            String counter = new String(bytes, name, end - name, StandardCharsets.US_ASCII);
            long value = data.getLong(entry + data.getInt(entry + 16));
            if (bytes[entry + 12] == 'J' && names.contains(counter) && value != 0) {
                found.put(counter, value);
            }
            entry += data.getInt(entry);
        }
        return found;
    }
}
