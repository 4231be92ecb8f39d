package dev.wirespeed.fib;

import net.openhft.chronicle.bytes.BytesStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FibImageTest
{
    private static SectionWriter ints(final int... values)
    {
        return new SectionWriter()
        {
            @Override
            public long sizeInBytes()
            {
                return values.length * 4L;
            }

            @Override
            public void writeTo(final BytesStore<?, ?> store, final long offset)
            {
                for (int i = 0; i < values.length; i++)
                {
                    store.writeInt(offset + i * 4L, values[i]);
                }
            }
        };
    }

    private static Map<FibSection, SectionWriter> twoSections()
    {
        final Map<FibSection, SectionWriter> sections = new EnumMap<>(FibSection.class);
        sections.put(FibSection.IPV4_LPM, ints(1, 2, 3));
        sections.put(FibSection.STRINGS, ints(42));
        return sections;
    }

    @Test
    void shouldPlaceEachSectionAlignedAndReadBackItsBytes()
    {
        try (FibImage image = FibImage.build(7, twoSections()))
        {
            assertThat(image.generation()).isEqualTo(7);
            assertThat(image.hasSection(FibSection.IPV6_LPM)).isFalse();
            final long v4 = image.sectionOffset(FibSection.IPV4_LPM);
            assertThat(v4 % FibImage.SECTION_ALIGNMENT).isZero();
            assertThat(image.sectionLength(FibSection.IPV4_LPM)).isEqualTo(12);
            assertThat(image.store().readInt(v4 + 8)).isEqualTo(3);
            assertThat(image.store().readInt(image.sectionOffset(FibSection.STRINGS))).isEqualTo(42);
        }
    }

    @Test
    void shouldMapASavedImageBackWithTheSameSections(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("fib.img");
        try (FibImage image = FibImage.build(3, twoSections()))
        {
            image.save(file);
        }
        try (FibImage mapped = FibImage.map(file))
        {
            assertThat(mapped.generation()).isEqualTo(3);
            assertThat(mapped.store().readInt(mapped.sectionOffset(FibSection.IPV4_LPM) + 4)).isEqualTo(2);
            assertThat(mapped.store().readInt(mapped.sectionOffset(FibSection.STRINGS))).isEqualTo(42);
        }
    }

    @Test
    void shouldRejectAFileThatIsNotAnImage(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("junk");
        Files.write(file, new byte[4096]);
        assertThatThrownBy(() -> FibImage.map(file)).isInstanceOf(IOException.class).hasMessageContaining("bad magic");
    }

    @Test
    void shouldRejectAnImageSavedWithAnotherLayoutOrVersion(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("fib.img");
        try (FibImage image = FibImage.build(1, twoSections()))
        {
            image.save(file);
        }
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getLong(32)).isEqualTo(FibImage.LAYOUT);

        header.putLong(32, FibImage.LAYOUT ^ 1);
        final Path otherLayout = dir.resolve("other-layout.img");
        Files.write(otherLayout, bytes);
        assertThatThrownBy(() -> FibImage.map(otherLayout)).isInstanceOf(IOException.class)
            .hasMessageContaining("another table layout");

        header.putLong(32, FibImage.LAYOUT);
        header.putInt(8, 1);
        final Path oldVersion = dir.resolve("old-version.img");
        Files.write(oldVersion, bytes);
        assertThatThrownBy(() -> FibImage.map(oldVersion)).isInstanceOf(IOException.class)
            .hasMessageContaining("unsupported FIB image version 1");
    }

    @Test
    void shouldGiveTheLayoutFingerprintOfEveryConstantsNameAndValue()
    {
        final long a = LayoutFingerprint.of(List.of(LayoutA.class));
        assertThat(LayoutFingerprint.of(List.of(LayoutA.class))).isEqualTo(a);
        assertThat(LayoutFingerprint.of(List.of(LayoutOtherValue.class))).isNotEqualTo(a);
        assertThat(LayoutFingerprint.of(List.of(LayoutOtherName.class))).isNotEqualTo(a);
        assertThat(LayoutFingerprint.of(LayoutFingerprint.LAYOUT_CLASSES)).isEqualTo(FibImage.LAYOUT);
    }

    static final class LayoutA
    {
        static final int RECORD_SIZE = 16;
        static final long FLAG = 4L;
    }

    static final class LayoutOtherValue
    {
        static final int RECORD_SIZE = 20;
        static final long FLAG = 4L;
    }

    static final class LayoutOtherName
    {
        static final int RECORD_BYTES = 16;
        static final long FLAG = 4L;
    }
}
