package dev.wirespeed.sim.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells, before a replay starts, whether a file can be an input at all: a pcap or pcapng capture (by its magic
 * number) or a JSONL request trace (UTF-8 text whose first non-empty lines are JSON objects). Anything else (a
 * gzip or zip archive, a binary, a README) is refused with one line that names the file and says what it looks
 * like, instead of being replayed as a column of bad records.
 *
 * <p>Only the head of the file is read ({@link #SNIFF_BYTES}); a trace whose first records are good and whose
 * later lines are not still replays, with those lines counted as {@code bad-record} drops.
 */
public final class TraceFileCheck
{
    /** Bytes read from the start of the file. */
    public static final int SNIFF_BYTES = 64 << 10;
    /** Non-empty lines looked at: if none of them starts a JSON object the file is not a trace. */
    public static final int SNIFF_LINES = 5;

    /** What the file is. */
    public enum Kind
    {
        /** pcap or pcapng. */
        CAPTURE,
        /** JSONL request trace (possibly empty). */
        REQUESTS,
        /** Neither: {@link Verdict#problem()} says why. */
        REFUSED
    }

    /**
     * @param kind    what the file is.
     * @param problem for {@link Kind#REFUSED}: one line naming the file, else {@code null}.
     */
    public record Verdict(Kind kind, String problem)
    {
    }

    private TraceFileCheck()
    {
    }

    /**
     * @param file a file named as a trace or capture.
     * @return what it is, or why it cannot be replayed.
     * @throws IOException when it cannot be read.
     */
    public static Verdict check(final Path file) throws IOException
    {
        final byte[] head;
        try (InputStream in = Files.newInputStream(file))
        {
            head = in.readNBytes(SNIFF_BYTES);
        }
        if (isCapture(head))
        {
            return new Verdict(Kind.CAPTURE, null);
        }
        final String binary = binaryKind(head);
        if (binary != null)
        {
            return refused(file, binary);
        }
        return textVerdict(file, head);
    }

    private static Verdict refused(final Path file, final String what)
    {
        return new Verdict(Kind.REFUSED, file + ": not a request trace (JSONL) or a capture (pcap, pcapng): " + what);
    }

    private static boolean isCapture(final byte[] b)
    {
        if (b.length < 4)
        {
            return false;
        }
        final int le = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
        final int be = Integer.reverseBytes(le);
        return isCaptureMagic(le) || isCaptureMagic(be);
    }

    private static boolean isCaptureMagic(final int m)
    {
        return m == 0xA1B2C3D4 || m == 0xA1B23C4D || m == 0x0A0D0D0A;
    }

    /** Well-known magic numbers of files people replay by mistake, else null. */
    private static String binaryKind(final byte[] b)
    {
        if (startsWith(b, 0x1F, 0x8B))
        {
            return "it is gzip-compressed (decompress it first: gunzip -k FILE)";
        }
        if (startsWith(b, 'P', 'K', 3, 4))
        {
            return "it is a zip archive (extract it first)";
        }
        if (startsWith(b, 'B', 'Z', 'h'))
        {
            return "it is bzip2-compressed (decompress it first: bunzip2 -k FILE)";
        }
        if (startsWith(b, 0xFD, '7', 'z', 'X', 'Z', 0))
        {
            return "it is xz-compressed (decompress it first: unxz -k FILE)";
        }
        if (startsWith(b, 0x28, 0xB5, 0x2F, 0xFD))
        {
            return "it is zstd-compressed (decompress it first: unzstd FILE)";
        }
        if (startsWith(b, 0x7F, 'E', 'L', 'F'))
        {
            return "it is an ELF executable";
        }
        for (final byte x : b)
        {
            if (x == 0)
            {
                return "it is a binary file (it holds NUL bytes)";
            }
        }
        return null;
    }

    private static boolean startsWith(final byte[] b, final int... magic)
    {
        if (b.length < magic.length)
        {
            return false;
        }
        for (int i = 0; i < magic.length; i++)
        {
            if ((b[i] & 0xFF) != magic[i])
            {
                return false;
            }
        }
        return true;
    }

    private static Verdict textVerdict(final Path file, final byte[] head)
    {
        int end = head.length;
        if (head.length == SNIFF_BYTES)
        {
            // the head may end inside a UTF-8 sequence: judge only whole lines
            while (end > 0 && head[end - 1] != '\n')
            {
                end--;
            }
        }
        final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        boolean utf8Text = true;
        try
        {
            text = utf8.decode(ByteBuffer.wrap(head, 0, end)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            // one bad byte in a trace is that line's bad record (the replay goes on): judge the lines, not the file
            utf8Text = false;
            text = new String(head, 0, end, StandardCharsets.UTF_8);
        }
        int looked = 0;
        String first = null;
        // line by line, only as far as needed (a regex split of the whole head costs tens of milliseconds on a
        // cold JVM, and the first line of a trace decides)
        int next = 0;
        while (next <= text.length())
        {
            final int start = next;
            int stop = start;
            while (stop < text.length() && text.charAt(stop) != '\n' && text.charAt(stop) != '\r')
            {
                stop++;
            }
            next = stop + (text.startsWith("\r\n", stop) ? 2 : 1);
            final String line = text.substring(start, stop).strip().replace("\uFEFF", "");
            if (line.isEmpty())
            {
                continue;
            }
            if (line.startsWith("{"))
            {
                return new Verdict(Kind.REQUESTS, null);
            }
            first = first == null ? line : first;
            if (++looked == SNIFF_LINES)
            {
                break;
            }
        }
        if (first == null)
        {
            return new Verdict(Kind.REQUESTS, null);
        }
        if (!utf8Text)
        {
            return refused(file, "it is not UTF-8 text");
        }
        final String shown = first.length() > 40 ? first.substring(0, 40) + "..." : first;
        return refused(file, "its first " + (looked == 1 ? "non-empty line is" : looked + " non-empty lines are")
            + " not JSON objects (it starts with \"" + shown + "\")");
    }
}
