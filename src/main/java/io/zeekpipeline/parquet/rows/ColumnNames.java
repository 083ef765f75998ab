package io.zeekpipeline.parquet.rows;

import java.util.Set;

/** The rules that turn Zeek field names into Parquet column names. Stateless. */
public final class ColumnNames {

    private ColumnNames() {
    }

    /** Zeek's dotted names become underscores; anything else Avro forbids does too. */
    public static String of(String zeekName) {
        StringBuilder sb = new StringBuilder(zeekName.length() + 1);
        for (int i = 0; i < zeekName.length(); i++) {
            char c = zeekName.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (i > 0 && c >= '0' && c <= '9');
            if (i == 0 && c >= '0' && c <= '9') {
                sb.append('_');
                ok = true;
            }
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }

    /**
     * The name itself, or when a column already has it {@code zeek_<name>} (then {@code zeek_<name>_2}, ...),
     * so no Zeek value is written under a normalized or enriched column's name.
     */
    public static String unique(Set<String> used, String name) {
        String candidate = used.contains(name) ? "zeek_" + name : name;
        for (int n = 2; used.contains(candidate); n++) {
            candidate = "zeek_" + name + "_" + n;
        }
        used.add(candidate);
        return candidate;
    }
}
