package dev.wirespeed.fib.l7;

import java.lang.reflect.Field;

/** For tests: which exact host bucket a lookup's last request used (HostStage is package-private). */
public final class ExactHostBucketProbe
{
    private ExactHostBucketProbe()
    {
    }

    /**
     * @param lookup a lookup that has just routed a request.
     * @param vs     the virtual host it chose.
     * @return whether the classifier read the copy of the virtual host's record in the host's exact host bucket.
     */
    public static boolean classifierRecordInBucket(final L7Lookup lookup, final int vs)
    {
        try
        {
            final Field f = L7Lookup.class.getDeclaredField("hostStage");
            f.setAccessible(true);
            return vs >= 0 && ((HostStage)f.get(lookup)).classifierRecord(vs) >= 0;
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
