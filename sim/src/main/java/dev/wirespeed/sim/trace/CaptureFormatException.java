package dev.wirespeed.sim.trace;

import java.io.IOException;

/**
 * The file is not a capture this reader understands (bad magic, header too short, bad section header).
 * The message names the file and what was expected, e.g.
 * {@code x.txt: not a pcap or pcapng file (magic 0x48656c6c)}.
 */
public final class CaptureFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message file name and what was expected.
     */
    public CaptureFormatException(final String message)
    {
        super(message);
    }
}
