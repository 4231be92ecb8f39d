package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.l7.L7RequestView;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Decision lines in input order, encoded by a {@link DecisionEncoder} into one reusable buffer and written
 * to the stream in blocks of {@link #BLOCK_BYTES} (a write system call per ~1 MiB, not per line). The stream
 * is closed by {@link #close()} (wrap stdout so that it is only flushed).
 */
public final class DecisionOutput implements Closeable
{
    /** Bytes buffered before a write. */
    public static final int BLOCK_BYTES = 1 << 20;

    private final DecisionEncoder encoder;
    private final OutputStream out;
    private final JsonBytes buffer = new JsonBytes(BLOCK_BYTES + (64 << 10));

    /**
     * @param encoder the encoder (FIB names).
     * @param out     where lines go.
     */
    public DecisionOutput(final DecisionEncoder encoder, final OutputStream out)
    {
        this.encoder = encoder;
        this.out = out;
    }

    /**
     * Appends one decision line.
     *
     * @param d       the decision.
     * @param request its request text, or {@code null} (see {@link DecisionEncoder#encode}).
     * @throws IOException on a write error.
     */
    public void write(final DecisionDescriptor d, final L7RequestView request) throws IOException
    {
        write(d, request, -1);
    }

    /**
     * Appends one decision line of a packet that may have come out of a tunnel.
     *
     * @param d         the decision.
     * @param request   its request text, or {@code null}.
     * @param tunnelVni the tunnel's VNI when the decision names a tunnel, else -1.
     * @throws IOException on a write error.
     */
    public void write(final DecisionDescriptor d, final L7RequestView request, final int tunnelVni) throws IOException
    {
        encoder.encode(d, request, tunnelVni, buffer);
        if (buffer.length() >= BLOCK_BYTES)
        {
            drain();
        }
    }

    private void drain() throws IOException
    {
        out.write(buffer.array(), 0, buffer.length());
        buffer.clear();
    }

    /**
     * Writes what is buffered and flushes the stream.
     *
     * @throws IOException on a write error.
     */
    public void flush() throws IOException
    {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            flush();
        }
        finally
        {
            out.close();
        }
    }
}
