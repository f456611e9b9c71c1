package dev.loadtest.testcluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for the start-up steps, failing early when a process it waits on has died. */
final class Wait {
    private Wait() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition, ManagedProcess... mustStayAlive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ManagedProcess process : mustStayAlive) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(process + " exited while waiting for " + what + "; its log ends with:\n"
                            + process.logTail(30));
                }
            }
            if (safely(condition)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder message = new StringBuilder("timed out after " + timeout.toSeconds() + " s waiting for " + what);
                for (ManagedProcess process : mustStayAlive) {
                    message.append("\n--- ").append(process).append(" log tail:\n").append(process.logTail(20));
                }
                throw new IllegalStateException(message.toString());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    private static boolean safely(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException notYet) {
            return false;
        }
    }
}
