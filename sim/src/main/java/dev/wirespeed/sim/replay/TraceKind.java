package dev.wirespeed.sim.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a trace file holds, told by its first bytes (never by its name). */
public enum TraceKind
{
    /** A pcap or pcapng capture. */
    CAPTURE,
    /** A JSONL request trace (anything that is not a capture; bad lines become bad records). */
    REQUESTS;

    /**
     * @param file a trace file.
     * @return its kind.
     * @throws IOException if it cannot be read.
     */
    public static TraceKind of(final Path file) throws IOException
    {
        final byte[] b = new byte[4];
        int n = 0;
        try (InputStream in = Files.newInputStream(file))
        {
            while (n < 4)
            {
                final int r = in.read(b, n, 4 - n);
                if (r < 0)
                {
                    break;
                }
                n += r;
            }
        }
        if (n < 4)
        {
            return REQUESTS;
        }
        final int le = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
        final int be = Integer.reverseBytes(le);
        return isCaptureMagic(le) || isCaptureMagic(be) ? CAPTURE : REQUESTS;
    }

    private static boolean isCaptureMagic(final int m)
    {
        return m == 0xA1B2C3D4 || m == 0xA1B23C4D || m == 0x0A0D0D0A;
    }
}
