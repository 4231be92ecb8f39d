package dev.wirespeed.pipeline.counters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Who owns a path and who runs this process, by numeric uid (POSIX). A counters file is only trusted when
 * its owner is the caller or root: anyone else could have planted it.
 */
final class FileOwners
{
    /** The uid of root. */
    static final int ROOT = 0;
    /** Returned when the platform has no numeric uids (not POSIX): every owner check then passes. */
    static final int UNKNOWN = -1;

    private static final int CALLER = callerUid();

    private FileOwners()
    {
    }

    /** @return the uid this process runs as, or {@link #UNKNOWN}. */
    static int caller()
    {
        return CALLER;
    }

    /**
     * @param path a path; a symbolic link is not followed.
     * @return the owner's uid, or {@link #UNKNOWN} when the file system has no numeric uids.
     * @throws IOException when the path cannot be examined.
     */
    static int ownerOf(final Path path) throws IOException
    {
        try
        {
            return (Integer)Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        }
        catch (final UnsupportedOperationException | IllegalArgumentException ex)
        {
            return UNKNOWN;
        }
    }

    /**
     * @param owner  the uid that owns a file.
     * @param caller the uid of the reader.
     * @return whether the reader may trust the file: owned by itself or by root.
     */
    static boolean trusted(final int owner, final int caller)
    {
        return owner == UNKNOWN || caller == UNKNOWN || owner == caller || owner == ROOT;
    }

    private static int callerUid()
    {
        try
        {
            return (int)new com.sun.security.auth.module.UnixSystem().getUid();
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return UNKNOWN;
        }
    }
}
