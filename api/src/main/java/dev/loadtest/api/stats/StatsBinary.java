package dev.loadtest.api.stats;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of a {@code /stats} snapshot (control protocol 3), for runs of hundreds of runners: the same
 * figures as the JSON form, but the rows are fixed-width numbers and each histogram travels as its raw HdrHistogram
 * V2 bytes instead of base64 inside JSON. Decoding is then a sequential read and a copy per histogram: no
 * tokenising, no base64, nothing re-encoded. At 1,000 runners x 100 endpoints, parsing the JSON bodies was two
 * thirds of a poll.
 *
 * <p>Layout, big-endian: the 4-byte {@link #MAGIC} (it can never begin a JSON body); the length and UTF-8 bytes of
 * the snapshot as JSON without its rows (ids, state, users, failures, exceptions, the open model's counts: small,
 * and whatever later protocol versions add to the snapshot travels there unchanged); the rows; then, when the
 * header has an open model, its corrected rows; the snapshot's number and the number of the snapshot its deltas
 * are taken from (-1: none), then the deltas, one histogram per row (see {@link ServedSnapshots}). A row is its
 * method and name (length and UTF-8 bytes), eight counters, its per-second window and its histogram (length and V2
 * bytes). A reader that meets another magic
 * refuses the body with a clear error; a new layout gets a new magic and media type, never a changed meaning.
 */
public final class StatsBinary {

    /** What the operator asks for in {@code Accept} and a runner of protocol 3 or later answers in {@code Content-Type}. */
    public static final String MEDIA_TYPE = "application/vnd.loadtest.stats.v1";
    /** "LTS" and layout 1. */
    static final int MAGIC = 0x4c545301;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StatsBinary() {
    }

    /** Whether a {@code /stats} body is in this form (otherwise it is JSON, from a runner before protocol 3). */
    public static boolean isBinary(byte[] body) {
        return body != null && body.length >= 4 && ByteBuffer.wrap(body).getInt(0) == MAGIC;
    }

    /** The snapshot alone: no sequence number, no deltas (what a poller that names no base gets). */
    public static byte[] encode(StatsSnapshot s) {
        return encode(s, 0, -1, null, null);
    }

    /**
     * The snapshot numbered {@code seq} and, when {@code deltas} is not null, each row's histogram minus the one of
     * snapshot {@code base} (in row order; see {@link ServedSnapshots}). {@code histograms}, when given, are the rows'
     * encoded histograms, so that they are not encoded twice.
     */
    static byte[] encode(StatsSnapshot s, long seq, long base, List<byte[]> deltas, List<byte[]> histograms) {
        try {
            OpenModelStats open = s.openModel();
            StatsSnapshot header = new StatsSnapshot(s.runId(), s.runner(), s.incarnation(), s.state(), s.userCount(),
                    s.userClassCounts(), s.timestampEpochMillis(), List.of(), s.failures(), s.exceptions(), s.quitBy(),
                    open == null ? null : new OpenModelStats(open.arrivalRate(), open.iterations(), open.dropped(), List.of()));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + s.entries().size() * 1200);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            writeBytes(out, JSON.writeValueAsBytes(header));
            writeRows(out, s.entries(), histograms);
            if (open != null) {
                writeRows(out, open.corrected(), null);
            }
            out.writeLong(seq);
            out.writeLong(deltas == null ? -1 : base);
            if (deltas != null) {
                out.writeInt(deltas.size());
                for (byte[] delta : deltas) {
                    writeBytes(out, delta);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a body written by {@link #encode}; its histograms stay encoded until a merge or a reader needs them. */
    public static StatsSnapshot decode(byte[] body) {
        return decodeReply(body).snapshot();
    }

    /**
     * One {@code /stats} reply: the runner's cumulative snapshot, the number the runner gave it ({@code seq}, 0 when
     * it numbers none), and, when {@code base} is not -1, each row's histogram minus the one of the runner's snapshot
     * {@code base}, in row order: what a {@link RunningMerge} adds instead of the whole histograms.
     */
    public record Reply(StatsSnapshot snapshot, long seq, long base, List<byte[]> deltas) {

        /** A reply without a number or deltas (JSON, or a runner asked for none). */
        public static Reply of(StatsSnapshot snapshot) {
            return new Reply(snapshot, 0, -1, null);
        }

        public boolean hasDeltas() {
            return base >= 0 && deltas != null && deltas.size() == snapshot.entries().size();
        }
    }

    public static Reply decodeReply(byte[] body) {
        if (!isBinary(body)) {
            throw new IllegalArgumentException("a /stats body is not in the binary form " + MEDIA_TYPE
                    + " (it does not start with its magic number)");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(body);
            in.position(4);
            int headerLength = length(in);
            StatsSnapshot header = JSON.readValue(body, in.position(), headerLength, StatsSnapshot.class);
            in.position(in.position() + headerLength);
            List<EndpointStats> entries = readRows(in);
            OpenModelStats open = header.openModel();
            if (open != null) {
                open = new OpenModelStats(open.arrivalRate(), open.iterations(), open.dropped(), readRows(in));
            }
            long seq = in.getLong();
            long base = in.getLong();
            List<byte[]> deltas = null;
            if (base >= 0) {
                int n = length(in);
                deltas = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    deltas.add(bytes(in));
                }
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last row");
            }
            return new Reply(new StatsSnapshot(header.runId(), header.runner(), header.incarnation(), header.state(),
                    header.userCount(), header.userClassCounts(), header.timestampEpochMillis(), entries,
                    header.failures(), header.exceptions(), header.quitBy(), open), seq, base, deltas);
        } catch (IOException | BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a binary /stats body is truncated or corrupt: " + e, e);
        }
    }

    private static void writeRows(DataOutputStream out, List<EndpointStats> rows, List<byte[]> histograms)
            throws IOException {
        out.writeInt(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            EndpointStats e = rows.get(i);
            writeString(out, e.key().method());
            writeString(out, e.key().name());
            out.writeLong(e.jsonNumRequests());
            out.writeLong(e.jsonNumFailures());
            out.writeLong(e.jsonTotalMicros());
            out.writeLong(e.jsonMinMicros());
            out.writeLong(e.jsonMaxMicros());
            out.writeLong(e.jsonContentLength());
            out.writeLong(e.jsonStart());
            out.writeLong(e.jsonLast());
            SecondCounts perSecond = e.jsonPerSecond();
            out.writeLong(perSecond.jsonNewest());
            writeLongs(out, perSecond.jsonRequests());
            writeLongs(out, perSecond.jsonFailures());
            writeBytes(out, histograms == null ? e.jsonHistogram() : histograms.get(i));
        }
    }

    private static List<EndpointStats> readRows(ByteBuffer in) {
        int n = length(in);
        List<EndpointStats> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String method = string(in);
            String name = string(in);
            long requests = in.getLong();
            long failures = in.getLong();
            long totalMicros = in.getLong();
            long minMicros = in.getLong();
            long maxMicros = in.getLong();
            long contentLength = in.getLong();
            long start = in.getLong();
            long last = in.getLong();
            long newest = in.getLong();
            SecondCounts perSecond = SecondCounts.fromJson(newest, longs(in), longs(in));
            byte[] histogram = bytes(in);
            rows.add(EndpointStats.fromJson(method, name, histogram, requests, failures, totalMicros, minMicros,
                    maxMicros, contentLength, start, last, perSecond));
        }
        return rows;
    }

    private static byte[] bytes(ByteBuffer in) {
        int n = length(in);
        byte[] b = Arrays.copyOfRange(in.array(), in.position(), in.position() + n);
        in.position(in.position() + n);
        return b;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] longs(ByteBuffer in) {
        int n = length(in);
        if (n > SecondCounts.SLOTS) {
            throw new IllegalArgumentException("a binary /stats body is corrupt: a per-second window of " + n
                    + " seconds, more than " + SecondCounts.SLOTS);
        }
        long[] values = new long[n];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getLong();
        }
        return values;
    }

    private static String string(ByteBuffer in) {
        int n = length(in);
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** A length field, checked against what is left so that a corrupt body fails here, not with a huge allocation. */
    private static int length(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("a binary /stats body is truncated or corrupt: a length of " + n
                    + " with " + in.remaining() + " bytes left");
        }
        return n;
    }
}
