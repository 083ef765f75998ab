package io.zeekpipeline.parquet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BufferBudgetTest {

    @Test
    void namesTheBatchThatGrewLeastRecentlyWhenANewOneWouldPassTheCount() {
        BufferBudget budget = new BufferBudget(0, 3);
        budget.grew("conn/1/t/0", 100);
        budget.grew("vendor_a/1/t/0", 10);
        budget.grew("vendor_b/1/t/0", 10);
        budget.grew("conn/1/t/0", 100);

        assertNull(budget.leastRecentToMakeRoomFor("conn/1/t/0"), "an open batch needs no room");
        assertEquals("vendor_a/1/t/0", budget.leastRecentToMakeRoomFor("dns/1/t/0"));
        budget.released("vendor_a/1/t/0");
        assertNull(budget.leastRecentToMakeRoomFor("dns/1/t/0"), "room for one more");
        assertEquals(2, budget.openCount());
        assertEquals(3, budget.peakOpenCount());
    }

    @Test
    void aCountOfZeroMeansNoCountLimit() {
        BufferBudget budget = new BufferBudget(0, 0);
        budget.grew("a", 1);
        assertNull(budget.leastRecentToMakeRoomFor("b"));
    }

    @Test
    void namesTheLargestBatchWhileTheTotalIsOverTheByteLimit() {
        BufferBudget budget = new BufferBudget(250, 0);
        budget.grew("conn/1/t/0", 100);
        budget.grew("dns/1/t/0", 120);
        assertNull(budget.largestOverLimit());
        budget.grew("ssl/1/t/0", 30);
        assertEquals("dns/1/t/0", budget.largestOverLimit());
    }
}
