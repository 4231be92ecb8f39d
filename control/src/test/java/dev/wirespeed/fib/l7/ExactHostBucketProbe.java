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

    /**
     * @param lookup a lookup that has just routed a request.
     * @param vs     the virtual host it chose.
     * @return whether its uri probes read the virtual host's uri keys in the host's exact host bucket (HB_URI_*)
     *         rather than URI_STAGE's index.
     */
    public static boolean uriKeysInBucket(final L7Lookup lookup, final int vs)
    {
        try
        {
            final Field f = L7Lookup.class.getDeclaredField("hostStage");
            f.setAccessible(true);
            final HostStage stage = (HostStage)f.get(lookup);
            final int record = vs >= 0 ? stage.classifierRecord(vs) : -1;
            final Field h = HostStage.class.getDeclaredField("hosts");
            h.setAccessible(true);
            return record >= 0
                    && ((IndexedTable)h.get(stage)).intAt(record - L7Layout.HB_CV + L7Layout.HB_URI_COUNT) >= 0;
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
