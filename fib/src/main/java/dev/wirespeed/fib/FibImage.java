package dev.wirespeed.fib;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * One compiled forwarding table: a single contiguous, immutable, off-heap region made of sections.
 *
 * <pre>
 *   0                   8          12         16                 24                 32                 40
 *   +-------------------+----------+----------+------------------+------------------+------------------+
 *   | magic "WSFIB001"  | version  | sections | generation       | total size       | layout           |
 *   +-------------------+----------+----------+------------------+------------------+------------------+
 *   | directory: MAX_SECTIONS entries of {id int, pad int, offset long, length long}                   |
 *   +--------------------------------------------------------------------------------------------------+
 *   | section bytes, each 64-byte aligned ...                                                          |
 * </pre>
 *
 * <p>{@code version} is the container's format; {@code layout} is {@link #LAYOUT}, a fingerprint of the
 * section layouts, so an image saved by a build whose table layouts differ is refused when mapped rather
 * than misread.
 *
 * <p>Table flyweights read their section through {@link #store()}, {@link #sectionOffset} and
 * {@link #sectionLength}. The image is built once by {@link #build} (in memory) and may be saved to a
 * file and mapped back in with {@link #map}. Lookups never write to it.
 */
public final class FibImage implements AutoCloseable
{
    public static final long MAGIC = 0x3130304249465357L; // "WSFIB001" little-endian
    /** The container format: 2 added the layout fingerprint to the header. */
    public static final int VERSION = 2;
    /** The fingerprint of the section layouts this build reads and writes (see {@link LayoutFingerprint}). */
    public static final long LAYOUT = LayoutFingerprint.of(LayoutFingerprint.LAYOUT_CLASSES);
    public static final int MAX_SECTIONS = 32;
    public static final int HEADER_SIZE = 40;
    public static final int DIRECTORY_ENTRY_SIZE = 24;
    public static final int SECTION_ALIGNMENT = 64;

    private static final int MAGIC_OFFSET = 0;
    private static final int VERSION_OFFSET = 8;
    private static final int SECTION_COUNT_OFFSET = 12;
    private static final int GENERATION_OFFSET = 16;
    private static final int TOTAL_SIZE_OFFSET = 24;
    private static final int LAYOUT_OFFSET = 32;
    private static final long DATA_START = align(HEADER_SIZE + (long)MAX_SECTIONS * DIRECTORY_ENTRY_SIZE);

    private static final OffHeap U = OffHeap.MEMORY;

    private final BytesStore<?, ?> store;
    private final long address;
    private final MappedFile mappedFile;
    private final long[] offsets = new long[FibSection.values().length];
    private final long[] lengths = new long[FibSection.values().length];
    private final long generation;

    private FibImage(final BytesStore<?, ?> store, final MappedFile mappedFile)
    {
        this.store = store;
        this.mappedFile = mappedFile;
        // the header and directory lie below DATA_START, which every image (built, or mapped after a size check)
        // holds: they are read by address like the sections
        this.address = store.addressForRead(0);
        if (U.getLong(address + MAGIC_OFFSET) != MAGIC)
        {
            throw new IllegalArgumentException("not a wirespeed FIB image (bad magic)");
        }
        final int version = U.getInt(address + VERSION_OFFSET);
        if (version != VERSION)
        {
            throw new IllegalArgumentException("unsupported FIB image version " + version + ", expected " + VERSION);
        }
        final long layout = U.getLong(address + LAYOUT_OFFSET);
        if (layout != LAYOUT)
        {
            throw new IllegalArgumentException(String.format(
                "FIB image written with another table layout (%016x, this build reads %016x): compile it again",
                layout, LAYOUT));
        }
        final int count = U.getInt(address + SECTION_COUNT_OFFSET);
        final long total = U.getLong(address + TOTAL_SIZE_OFFSET);
        if (count < 0 || count > MAX_SECTIONS || total > store.realCapacity())
        {
            throw new IllegalArgumentException("corrupt FIB image header");
        }
        java.util.Arrays.fill(offsets, -1);
        for (int i = 0; i < count; i++)
        {
            final long e = HEADER_SIZE + (long)i * DIRECTORY_ENTRY_SIZE;
            final FibSection section = FibSection.byId(U.getInt(address + e));
            final long offset = U.getLong(address + e + 8);
            final long length = U.getLong(address + e + 16);
            if (offset < DATA_START || length < 0 || offset + length > total)
            {
                throw new IllegalArgumentException("corrupt FIB image directory entry " + i);
            }
            if (section != null)
            {
                offsets[section.ordinal()] = offset;
                lengths[section.ordinal()] = length;
            }
        }
        this.generation = U.getLong(address + GENERATION_OFFSET);
    }

    /**
     * Lays out and writes a new image in native memory.
     *
     * @param generation the generation number the engine publishes it under.
     * @param sections   the section writers; absent sections are simply not in the image.
     * @return the image.
     */
    public static FibImage build(final long generation, final Map<FibSection, ? extends SectionWriter> sections)
    {
        if (sections.size() > MAX_SECTIONS)
        {
            throw new IllegalArgumentException("too many sections");
        }
        final Map<FibSection, Long> placed = new EnumMap<>(FibSection.class);
        long cursor = DATA_START;
        for (final FibSection s : FibSection.values())
        {
            final SectionWriter w = sections.get(s);
            if (w != null)
            {
                placed.put(s, cursor);
                cursor = align(cursor + w.sizeInBytes());
            }
        }
        final long total = cursor;
        final BytesStore<?, ?> store = BytesStore.nativeStoreWithFixedCapacity(total);
        // one memset of the fresh region: BytesStore.zeroOut is a Java loop that runs once, interpreted, and took
        // a tenth of a second per replay for the 64 MiB DIR-24-8 table
        final long a = store.addressForWrite(0);
        U.setMemory(a, total, (byte)0);
        int i = 0;
        for (final Map.Entry<FibSection, Long> e : placed.entrySet())
        {
            final SectionWriter w = sections.get(e.getKey());
            final long offset = e.getValue();
            w.writeTo(store, offset);
            final long entry = HEADER_SIZE + (long)i * DIRECTORY_ENTRY_SIZE;
            U.putInt(a + entry, e.getKey().id());
            U.putLong(a + entry + 8, offset);
            U.putLong(a + entry + 16, w.sizeInBytes());
            i++;
        }
        U.putInt(a + VERSION_OFFSET, VERSION);
        U.putLong(a + LAYOUT_OFFSET, LAYOUT);
        U.putInt(a + SECTION_COUNT_OFFSET, placed.size());
        U.putLong(a + GENERATION_OFFSET, generation);
        U.putLong(a + TOTAL_SIZE_OFFSET, total);
        U.putLong(a + MAGIC_OFFSET, MAGIC); // written last: a half-written image never has a valid magic
        return new FibImage(store, null);
    }

    /**
     * Maps a saved image back in, read-only in intent (lookups never write).
     *
     * @param file a file written by {@link #save}.
     * @return the mapped image; {@link #close()} unmaps it.
     * @throws IOException if the file cannot be read or is not a FIB image.
     */
    public static FibImage map(final Path file) throws IOException
    {
        final long size = Files.size(file);
        if (size < DATA_START)
        {
            throw new IOException(file + ": not a wirespeed FIB image (too short)");
        }
        final MappedFile mf = MappedFile.of(file.toFile(), align(size), 0, false);
        final MappedBytesStore mbs = mf.acquireByteStore(ReferenceOwner.INIT, 0);
        try
        {
            return new FibImage(mbs, mf);
        }
        catch (final IllegalArgumentException ex)
        {
            mbs.release(ReferenceOwner.INIT);
            mf.releaseLast();
            throw new IOException(file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Writes the whole image to a file that {@link #map} can map back in.
     *
     * @param file the file to write (replaced if present).
     * @throws IOException on a write error.
     */
    public void save(final Path file) throws IOException
    {
        final File f = file.toFile();
        try (OutputStream out = new FileOutputStream(f))
        {
            final long total = sizeInBytes();
            final byte[] chunk = new byte[1 << 16];
            for (long pos = 0; pos < total; pos += chunk.length)
            {
                final int n = (int)Math.min(chunk.length, total - pos);
                U.copyMemory(null, address + pos, chunk, OffHeap.ARRAY_BYTE_BASE_OFFSET, n);
                out.write(chunk, 0, n);
            }
        }
    }

    /** @return the region holding every section. */
    public BytesStore<?, ?> store()
    {
        return store;
    }

    /** @return the generation this image was built for. */
    public long generation()
    {
        return generation;
    }

    /** @return total size of the image in bytes. */
    public long sizeInBytes()
    {
        return U.getLong(address + TOTAL_SIZE_OFFSET);
    }

    /**
     * @param section a section.
     * @return whether this image holds it.
     */
    public boolean hasSection(final FibSection section)
    {
        return offsets[section.ordinal()] >= 0;
    }

    /**
     * @param section a section present in the image.
     * @return its offset in {@link #store()}.
     */
    public long sectionOffset(final FibSection section)
    {
        final long o = offsets[section.ordinal()];
        if (o < 0)
        {
            throw new IllegalStateException("FIB image has no " + section + " section");
        }
        return o;
    }

    /**
     * @param section a section.
     * @return its length in bytes, 0 if absent.
     */
    public long sectionLength(final FibSection section)
    {
        return offsets[section.ordinal()] < 0 ? 0 : lengths[section.ordinal()];
    }

    @Override
    public void close()
    {
        if (mappedFile != null)
        {
            ((MappedBytesStore)store).release(ReferenceOwner.INIT);
            mappedFile.releaseLast();
        }
        else
        {
            store.releaseLast();
        }
    }

    static long align(final long v)
    {
        return (v + SECTION_ALIGNMENT - 1) & -SECTION_ALIGNMENT;
    }
}
