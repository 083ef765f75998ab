package io.zeekpipeline.delivery;

import java.util.function.BooleanSupplier;

/** Waits, checking every few milliseconds, until a condition holds or a deadline passes. Stateless. */
final class Wait {

    /** Short enough to add little to a stop or a hand-over, long enough to leave the CPU to the outputs. */
    private static final long STEP_MILLIS = 20;

    private Wait() {
    }

    /**
     * Returns true once {@code condition} holds, false if it still does not at {@code deadlineNanos}
     * (a {@link System#nanoTime()} value).
     */
    static boolean until(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Thread.sleep(STEP_MILLIS);
        }
        return true;
    }
}
