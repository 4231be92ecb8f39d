package dev.wirespeed.sim.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream whose every failure (write, flush, close) is an {@link OutputWriteException} naming its file.
 * Writes pass through whole (no byte-at-a-time copy as {@link FilterOutputStream} does).
 */
public final class NamedOutputStream extends FilterOutputStream
{
    private final String file;

    /**
     * @param file the file's name for messages.
     * @param out  the stream to the file.
     */
    public NamedOutputStream(final String file, final OutputStream out)
    {
        super(out);
        this.file = file;
    }

    @Override
    public void write(final int b) throws IOException
    {
        try
        {
            out.write(b);
        }
        catch (final IOException ex)
        {
            throw OutputWriteException.of(file, ex);
        }
    }

    @Override
    public void write(final byte[] b, final int off, final int len) throws IOException
    {
        try
        {
            out.write(b, off, len);
        }
        catch (final IOException ex)
        {
            throw OutputWriteException.of(file, ex);
        }
    }

    @Override
    public void flush() throws IOException
    {
        try
        {
            out.flush();
        }
        catch (final IOException ex)
        {
            throw OutputWriteException.of(file, ex);
        }
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            out.close();
        }
        catch (final IOException ex)
        {
            throw OutputWriteException.of(file, ex);
        }
    }
}
