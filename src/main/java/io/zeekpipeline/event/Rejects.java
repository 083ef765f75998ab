package io.zeekpipeline.event;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.camel.Exchange;

/**
 * The records of one poll that were rejected on the way (malformed, no log type, bad time ...),
 * collected in the {@link ZeekHeaders#REJECTS} exchange property while the poll's groups are processed one
 * after the other, then sent to the dead letters. Used by one exchange's thread at a time.
 */
public final class Rejects implements Iterable<RejectedRecord> {

    private final List<RejectedRecord> records = new ArrayList<>();

    /** The rejects of the exchange's poll; register-offsets puts them there. */
    public static Rejects of(Exchange exchange) {
        Rejects rejects = exchange.getProperty(ZeekHeaders.REJECTS, Rejects.class);
        if (rejects == null) {
            throw new IllegalStateException("no " + ZeekHeaders.REJECTS
                                            + " exchange property: register-offsets must run first");
        }
        return rejects;
    }

    public synchronized void add(ConsumedRecord record, Exception cause) {
        record.rejected();
        records.add(new RejectedRecord(record, cause));
    }

    /** The rejects so far, in the order they were found (what the dead-letter split iterates). */
    public synchronized List<RejectedRecord> getRecords() {
        return List.copyOf(records);
    }

    @Override
    public Iterator<RejectedRecord> iterator() {
        return getRecords().iterator();
    }
}
