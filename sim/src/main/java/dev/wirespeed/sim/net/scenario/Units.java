package dev.wirespeed.sim.net.scenario;

/**
 * Quantities as scenario files write them: times ({@code 200ms}, {@code 1us}, {@code 12µs}, {@code 5ns},
 * {@code 1s}, a bare number is nanoseconds), rates ({@code 10Gbps}, {@code 100Mbps}, {@code 1.5Gbps},
 * {@code 800kbps}, a bare number is bits per second) and sizes ({@code 1500}, {@code 1500B}, {@code 64KB},
 * {@code 12MB}; KB/MB are 1000-based, KiB/MiB 1024-based). Each parser returns -1 for text it cannot read.
 */
public final class Units
{
    private Units()
    {
    }

    /**
     * @param text a time.
     * @return nanoseconds (rounded), or -1.
     */
    public static long nanos(final String text)
    {
        return scaled(text, new String[] {"ns", "us", "µs", "ms", "s", ""}, new double[] {1, 1e3, 1e3, 1e6, 1e9, 1});
    }

    /**
     * @param text a rate.
     * @return bits per second, or -1.
     */
    public static long bitsPerSecond(final String text)
    {
        return scaled(text, new String[] {"Gbps", "Mbps", "kbps", "bps", ""}, new double[] {1e9, 1e6, 1e3, 1, 1});
    }

    /**
     * @param text a size.
     * @return bytes, or -1.
     */
    public static long bytes(final String text)
    {
        return scaled(text, new String[] {"KiB", "MiB", "GiB", "KB", "MB", "GB", "B", ""},
            new double[] {1024, 1 << 20, 1 << 30, 1e3, 1e6, 1e9, 1, 1});
    }

    private static long scaled(final String raw, final String[] suffixes, final double[] factors)
    {
        if (raw == null)
        {
            return -1;
        }
        final String text = raw.trim();
        for (int i = 0; i < suffixes.length; i++)
        {
            if (text.endsWith(suffixes[i]))
            {
                final String number = text.substring(0, text.length() - suffixes[i].length()).trim();
                if (number.isEmpty())
                {
                    return -1;
                }
                try
                {
                    final double v = Double.parseDouble(number);
                    if (v < 0 || Double.isNaN(v) || Double.isInfinite(v))
                    {
                        return -1;
                    }
                    return Math.round(v * factors[i]);
                }
                catch (final NumberFormatException e)
                {
                    if (!suffixes[i].isEmpty())
                    {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }
}
