package io.zeekpipeline.enrich;

import java.util.Locale;

/**
 * Tells route authors whether a DNS name is one of a list of domains or a name below one (what
 * routes/examples/dns-watch.camel.yaml filters on), ignoring case and a trailing dot. Stateless and thread-safe.
 */
public final class DomainSuffixes {

    /** The bean name routes refer to. */
    public static final String BEAN = "domainSuffixes";

    /**
     * True when {@code name} equals one of the comma-separated {@code domains} or ends in "." and one of them
     * ({@code www.example.com} is below {@code example.com}, {@code badexample.com} is not); false for a null name.
     */
    public boolean covers(String name, String domains) {
        if (name == null) {
            return false;
        }
        String host = withoutTrailingDot(name.toLowerCase(Locale.ROOT));
        for (String entry : domains.split(",")) {
            String domain = withoutTrailingDot(entry.trim().toLowerCase(Locale.ROOT));
            if (!domain.isEmpty() && (host.equals(domain) || host.endsWith("." + domain))) {
                return true;
            }
        }
        return false;
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
