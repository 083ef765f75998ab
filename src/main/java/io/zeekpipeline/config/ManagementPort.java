package io.zeekpipeline.config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.apache.camel.spi.PropertiesComponent;

/**
 * Refuses a start whose management port another process holds: Camel's management server only logs a
 * failed bind and the pipeline would run without its metrics and probes. Stateless.
 */
public final class ManagementPort {

    static final String ENABLED_KEY = "camel.management.enabled";
    static final String PORT_KEY = "camel.management.port";
    static final String HOST_KEY = "camel.management.host";

    private ManagementPort() {
    }

    /** Binds the management host and port for a moment; a port in use is the user's mistake. */
    public static void checkFree(PropertiesComponent properties) {
        if (!Boolean.parseBoolean(properties.resolveProperty(ENABLED_KEY).orElse("false"))) {
            return;
        }
        String text = properties.resolveProperty(PORT_KEY).orElse("8080").trim();
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new InvalidConfigurationException(PORT_KEY + "='" + text + "' must be a port number from 0 to 65535");
        }
        String host = properties.resolveProperty(HOST_KEY).orElse("0.0.0.0");
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new InvalidConfigurationException(PORT_KEY + " " + port + (String.valueOf(e.getMessage())
                    .contains("in use") ? " is in use" : " cannot be bound on " + HOST_KEY + " " + host + ": "
                    + e.getMessage()), e);
        } catch (IOException e) {
            throw new InvalidConfigurationException(PORT_KEY + " " + port + " cannot be bound on " + HOST_KEY + " "
                    + host + ": " + e, e);
        }
    }
}
