package dev.wirespeed.flink.source;

import dev.wirespeed.sim.jsonl.LineReader;
import dev.wirespeed.sim.replay.TraceKind;
import dev.wirespeed.sim.trace.CaptureRecord;
import dev.wirespeed.sim.trace.CaptureReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * How the input is cut into splits, planned once on the client before the job is submitted:
 *
 * <ul>
 *   <li>JSONL traces: one pass over the bytes (no JSON parsing) finds line boundaries and counts records
 *       (non-blank lines, as the single-machine replay counts them); a split ends at the first line start at
 *       or after {@code splitBytes} past its own start, and knows the record index and line number of its
 *       first line.</li>
 *   <li>Captures: one split per file (a pcap has no record boundaries a reader could find from the middle of
 *       the file); a capture after the first starts at the record count of those before it.</li>
 * </ul>
 *
 * <p>Record indices run on across the inputs in the order given, so one input gets exactly the indices the
 * single-machine {@code replay} gives it. The inputs must all be of one kind.
 *
 * @param capture whether the inputs are captures.
 * @param splits  the splits in input order.
 * @param records records in the whole input.
 */
public record TracePlan(boolean capture, List<TraceSplit> splits, long records)
{
    private static final int BLOCK = 1 << 20;

    /**
     * @param inputs     the trace files (all JSONL or all captures).
     * @param splitBytes target bytes per JSONL split (at least 1).
     * @return the plan.
     * @throws IOException when an input cannot be read.
     * @throws IllegalArgumentException when the inputs are of mixed kinds.
     */
    public static TracePlan of(final List<Path> inputs, final long splitBytes) throws IOException
    {
        final TraceKind kind = TraceKind.of(inputs.get(0));
        for (final Path p : inputs)
        {
            if (TraceKind.of(p) != kind)
            {
                throw new IllegalArgumentException(p + ": a " + (kind == TraceKind.CAPTURE ? "JSONL trace" : "capture")
                    + " among " + (kind == TraceKind.CAPTURE ? "captures" : "JSONL traces")
                    + " (the inputs of one replay are of one kind)");
            }
        }
        final List<TraceSplit> splits = new ArrayList<>();
        long index = 0;
        for (int i = 0; i < inputs.size(); i++)
        {
            final Path p = inputs.get(i).toAbsolutePath();
            if (kind == TraceKind.CAPTURE)
            {
                splits.add(new TraceSplit(i + ":0", true, i, p.toString(), 0, -1, index, 0, 0));
                if (i + 1 < inputs.size())
                {
                    index += countCaptureRecords(p);
                }
            }
            else
            {
                index = planLines(i, p, Math.max(1, splitBytes), index, splits);
            }
        }
        if (kind == TraceKind.CAPTURE)
        {
            index += countCaptureRecords(inputs.get(inputs.size() - 1));
        }
        return new TracePlan(kind == TraceKind.CAPTURE, List.copyOf(splits), index);
    }

    private static long countCaptureRecords(final Path p) throws IOException
    {
        long n = 0;
        try (CaptureReader reader = CaptureReader.open(p))
        {
            final CaptureRecord rec = new CaptureRecord();
            while (reader.next(rec))
            {
                n++;
            }
        }
        return n;
    }

    /** Scans one JSONL file: lines end at LF, CR or CRLF (as the replay's line reader splits them). */
    private static long planLines(final int input, final Path p, final long splitBytes, final long firstIndex,
        final List<TraceSplit> splits) throws IOException
    {
        final long size = Files.size(p);
        long index = firstIndex;
        long line = 1;
        long splitStart = 0;
        long splitIndex = index;
        long splitLine = 1;
        long lineStart = 0;
        int state = LineState.EMPTY;
        boolean afterCr = false;
        final byte[] block = new byte[BLOCK];
        try (InputStream in = Files.newInputStream(p))
        {
            long at = 0;
            int n;
            while ((n = in.read(block)) > 0)
            {
                for (int k = 0; k < n; k++, at++)
                {
                    final byte c = block[k];
                    if (afterCr)
                    {
                        afterCr = false;
                        if (c == '\n')
                        {
                            lineStart = at + 1;
                            continue;
                        }
                    }
                    if (c == '\n' || c == '\r')
                    {
                        index += isRecord(state, p, lineStart, at) ? 1 : 0;
                        line++;
                        state = LineState.EMPTY;
                        afterCr = c == '\r';
                        lineStart = at + 1;
                        continue;
                    }
                    if (at == lineStart && at - splitStart >= splitBytes)
                    {
                        splits.add(new TraceSplit(input + ":" + splitStart, false, input, p.toString(), splitStart, at,
                            splitIndex, splitLine, 0));
                        splitStart = at;
                        splitIndex = index;
                        splitLine = line;
                    }
                    state = LineState.next(state, c);
                }
            }
        }
        if (lineStart < size)
        {
            index += isRecord(state, p, lineStart, size) ? 1 : 0;
        }
        if (size > splitStart || splits.isEmpty() || splitStart == 0)
        {
            splits.add(new TraceSplit(input + ":" + splitStart, false, input, p.toString(), splitStart, size,
                splitIndex, splitLine, 0));
        }
        return index;
    }

    /**
     * Whether a line is a record: one over the replay's line cap always is (a bad record; its bytes are not
     * read), a blank one is not.
     */
    private static boolean isRecord(final int state, final Path p, final long from, final long to) throws IOException
    {
        if (to - from - (from == 0 && startsWithByteOrderMark(p) ? 3 : 0) > LineReader.MAX_LINE_BYTES)
        {
            return true;
        }
        if (state != LineState.UNSURE)
        {
            return state == LineState.TEXT;
        }
        final byte[] bytes = new byte[(int)Math.min(to - from, Integer.MAX_VALUE - 8)];
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ))
        {
            final ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining() && ch.read(b, from + b.position()) > 0)
            {
                continue;
            }
        }
        return !LineState.isBlank(bytes, 0, bytes.length);
    }

    private static boolean startsWithByteOrderMark(final Path p) throws IOException
    {
        final byte[] head = new byte[3];
        try (InputStream in = Files.newInputStream(p))
        {
            return in.readNBytes(head, 0, 3) == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
                && (head[2] & 0xFF) == 0xBF;
        }
    }

    /**
     * Whether a line is blank as the replay decides it (JSON whitespace only, or {@code String.isBlank()} of
     * the decoded line), tracked byte by byte: a printable ASCII byte makes a record; a byte that is neither
     * that nor space or tab makes the line unsure, decided by decoding it.
     */
    static final class LineState
    {
        static final int EMPTY = 0;
        static final int TEXT = 1;
        static final int UNSURE = 2;

        private LineState()
        {
        }

        static int next(final int state, final byte c)
        {
            if (state == TEXT || c == ' ' || c == '\t')
            {
                return state;
            }
            return c > 0x20 && c < 0x7F && state == EMPTY ? TEXT : UNSURE;
        }

        static boolean isBlank(final byte[] b, final int offset, final int length)
        {
            return new String(b, offset, length, StandardCharsets.UTF_8).isBlank();
        }
    }
}
