package io.zeekpipeline.enrich;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service names of enrichment.json: by log type ({@code log_type_services}: a dns record is dns whatever its
 * port) and by destination port ({@code port_services}: {@code "53/udp"} for one transport, {@code "80"} for
 * any). Immutable and thread-safe.
 */
public final class ServiceTable {

    private static final Pattern PORT_KEY = Pattern.compile("(\\d{1,5})(?:/(tcp|udp|sctp))?");
    private static final String[] TRANSPORTS = {"tcp", "udp", "sctp"};

    private final Map<String, String> byLogType;
    /** Port in the low 16 bits, the transport's index + 1 above them (0 = any transport). */
    private final Map<Integer, String> byPort;

    private ServiceTable(Map<String, String> byLogType, Map<Integer, String> byPort) {
        this.byLogType = Map.copyOf(byLogType);
        this.byPort = Map.copyOf(byPort);
    }

    /**
     * The table of {@code port_services} keys ({@code port} or {@code port/tcp|udp|sctp}) and {@code log_type_services};
     * an IllegalArgumentException naming a key that is neither.
     */
    public static ServiceTable of(Map<String, String> portServices, Map<String, String> logTypeServices) {
        Map<Integer, String> byPort = new HashMap<>();
        portServices.forEach((key, service) -> {
            Matcher m = PORT_KEY.matcher(key);
            int port = m.matches() ? Integer.parseInt(m.group(1)) : -1;
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port_services key '" + key
                        + "' is not a port number, optionally with /tcp, /udp or /sctp");
            }
            byPort.put(key(port, m.group(2)), service);
        });
        return new ServiceTable(logTypeServices, byPort);
    }

    /**
     * The service of a record: its log type's, else its destination port's for its transport, else for any
     * transport, else {@code unknown}; without a port (or for ICMP, whose ports are type and code) the
     * transport itself; null when there is neither.
     */
    public String serviceOf(String logType, String transport, int dstPort) {
        String ofLogType = byLogType.get(logType);
        if (ofLogType != null) {
            return ofLogType;
        }
        if (dstPort < 0 || "icmp".equals(transport)) {
            return transport;
        }
        String service = transport == null ? null : byPort.get(key(dstPort, transport));
        if (service == null) {
            service = byPort.get(dstPort);
        }
        return service != null ? service : "unknown";
    }

    private static int key(int port, String transport) {
        int index = 0;
        for (int i = 0; transport != null && i < TRANSPORTS.length; i++) {
            if (TRANSPORTS[i].equals(transport)) {
                index = i + 1;
            }
        }
        return index << 16 | port;
    }
}
