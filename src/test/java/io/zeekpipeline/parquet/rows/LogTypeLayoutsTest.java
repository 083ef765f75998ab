package io.zeekpipeline.parquet.rows;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.zeekpipeline.normalize.ZeekFixtures.rules;
import static io.zeekpipeline.normalize.ZeekFixtures.schemas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class LogTypeLayoutsTest {

    private final LogTypeLayouts layouts = new LogTypeLayouts(rules(), schemas(), false, Set.of(), 2);

    @Test
    void keepsTheMostRecentlyUsedLayoutsOfTypesWithoutARule() {
        LogTypeLayout a = layouts.forLogType("vendor_a");
        LogTypeLayout b = layouts.forLogType("vendor_b");
        assertSame(a, layouts.forLogType("vendor_a"), "kept");
        layouts.forLogType("vendor_c");

        assertEquals(2, layouts.unknownLayoutCount());
        assertSame(a, layouts.forLogType("vendor_a"), "used most recently but one: kept");
        LogTypeLayout again = layouts.forLogType("vendor_b");
        assertNotSame(b, again, "the least recently used was dropped and is built again");
        assertEquals(b.schema(), again.schema(), "the same layout");
    }

    @Test
    void keepsEveryLayoutOfTypesWithARule() {
        LogTypeLayout conn = layouts.forLogType("conn");
        for (int i = 0; i < 10; i++) {
            layouts.forLogType("vendor_" + i);
        }
        layouts.forLogType("dns");

        assertSame(conn, layouts.forLogType("conn"));
        assertEquals(2, layouts.unknownLayoutCount());
    }
}
