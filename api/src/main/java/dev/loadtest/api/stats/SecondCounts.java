package dev.loadtest.api.stats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * Requests and failures per second over the newest {@link #SLOTS} seconds, for Locust's "current" rates. A ring
 * of two arrays rather than a map of seconds: recording and merging never allocate, and the JSON form is two
 * short arrays, which is what keeps parsing and merging 100 runners x 100 endpoints cheap.
 */
final class SecondCounts {

    /** The newest second and the {@value EndpointStats#RETAINED_SECONDS} before it. */
    static final int SLOTS = EndpointStats.RETAINED_SECONDS + 1;
    private static final long NONE = Long.MIN_VALUE;

    private final long[] requests = new long[SLOTS];
    private final long[] failures = new long[SLOTS];
    private long newest = NONE;

    void add(long second, long requestCount, long failureCount) {
        if (requestCount == 0 && failureCount == 0) {
            return;
        }
        advanceTo(second);
        if (second <= newest - SLOTS) {
            return; // older than the window: a rate never looks that far back
        }
        int slot = slot(second);
        requests[slot] += requestCount;
        failures[slot] += failureCount;
    }

    void addAll(SecondCounts other) {
        if (other.newest == NONE) {
            return;
        }
        advanceTo(other.newest);
        if (other.newest == newest) { // the usual case, runners polled together: the rings line up slot for slot
            for (int i = 0; i < SLOTS; i++) {
                requests[i] += other.requests[i];
                failures[i] += other.failures[i];
            }
            return;
        }
        for (long s = other.newest - SLOTS + 1; s <= other.newest; s++) {
            int from = other.slot(s);
            add(s, other.requests[from], other.failures[from]);
        }
    }

    /** Requests (index 0) or failures (index 1) summed over the seconds [from, to). */
    long sum(int index, long from, long to) {
        if (newest == NONE) {
            return 0;
        }
        long[] counts = index == 0 ? requests : failures;
        long sum = 0;
        for (long s = Math.max(from, newest - SLOTS + 1); s < to && s <= newest; s++) {
            sum += counts[slot(s)];
        }
        return sum;
    }

    /** Seconds holding a count, for tests and sizing. */
    @JsonIgnore
    int populated() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            n += requests[i] != 0 || failures[i] != 0 ? 1 : 0;
        }
        return n;
    }

    private void advanceTo(long second) {
        if (newest == NONE) {
            newest = second;
            return;
        }
        if (second <= newest) {
            return;
        }
        long steps = Math.min(second - newest, SLOTS);
        for (long s = newest + 1; s <= newest + steps; s++) {
            requests[slot(s)] = 0;
            failures[slot(s)] = 0;
        }
        newest = second;
    }

    private static int slot(long second) {
        return (int) Math.floorMod(second, (long) SLOTS);
    }

    // ---- JSON form: the newest second and the counts of the window ending there, oldest first ----

    @JsonCreator
    static SecondCounts fromJson(@JsonProperty("newest") long newest, @JsonProperty("requests") long[] requests,
                                 @JsonProperty("failures") long[] failures) {
        SecondCounts counts = new SecondCounts();
        int n = Math.max(requests == null ? 0 : requests.length, failures == null ? 0 : failures.length);
        // what adding the seconds one by one gives (the newest is the last second with a count, older ones beyond the
        // window dropped), filled in place: 100,000 rows are decoded per poll of 1,000 runners
        int last = n - 1;
        while (last >= 0 && at(requests, last) == 0 && at(failures, last) == 0) {
            last--;
        }
        if (last < 0) {
            return counts;
        }
        counts.newest = newest - n + 1 + last;
        for (int i = Math.max(0, last - SLOTS + 1); i <= last; i++) {
            int slot = slot(newest - n + 1 + i);
            counts.requests[slot] += at(requests, i);
            counts.failures[slot] += at(failures, i);
        }
        return counts;
    }

    private static long at(long[] values, int i) {
        return values != null && i < values.length ? values[i] : 0;
    }

    @JsonProperty("newest")
    long jsonNewest() {
        return newest == NONE ? 0 : newest;
    }

    @JsonProperty("requests")
    long[] jsonRequests() {
        return window(requests);
    }

    @JsonProperty("failures")
    long[] jsonFailures() {
        return window(failures);
    }

    /** The window oldest first, without the leading empty seconds. */
    private long[] window(long[] counts) {
        if (newest == NONE) {
            return new long[0];
        }
        long[] ordered = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            ordered[i] = counts[slot(newest - SLOTS + 1 + i)];
        }
        int first = 0;
        while (first < SLOTS && requests[slot(newest - SLOTS + 1 + first)] == 0
                && failures[slot(newest - SLOTS + 1 + first)] == 0) {
            first++;
        }
        return Arrays.copyOfRange(ordered, first, SLOTS);
    }
}
