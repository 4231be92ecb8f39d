package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;
import dev.wirespeed.control.sample.RandomRoutingModels;
import dev.wirespeed.fib.FibImage;
import dev.wirespeed.fib.FibSection;
import dev.wirespeed.fib.SectionWriter;
import net.openhft.chronicle.bytes.BytesStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The L7 sections merge with other sections into one image, which can be saved and mapped back in. */
class CompiledImageTest
{
    private static final SectionWriter OTHER = new SectionWriter()
    {
        @Override
        public long sizeInBytes()
        {
            return 16;
        }

        @Override
        public void writeTo(final BytesStore<?, ?> store, final long offset)
        {
            store.writeLong(offset, 0x1234L);
        }
    };

    @Test
    void shouldRouteFromAMergedSavedAndMappedImage(@TempDir final Path dir) throws IOException
    {
        final SplittableRandom rnd = new SplittableRandom(77);
        for (int m = 0; m < 20; m++)
        {
            final RoutingModel model = RandomRoutingModels.model(rnd);
            final CompiledL7 compiled = L7Compiler.compile(model);
            assertThat(compiled.errors()).isEmpty();
            final Map<FibSection, SectionWriter> sections = new EnumMap<>(FibSection.class);
            sections.putAll(compiled.sections());
            sections.put(FibSection.IPV4_LPM, OTHER);
            final Path file = dir.resolve("fib-" + m + ".bin");
            try (FibImage built = FibImage.build(3, sections))
            {
                built.save(file);
            }
            final ReferenceRouter reference = new ReferenceRouter(model);
            try (FibImage mapped = FibImage.map(file))
            {
                final CompiledRouter router = new CompiledRouter(mapped, compiled.regexes());
                for (int i = 0; i < 50; i++)
                {
                    final HttpRequest r = RandomRoutingModels.request(model, rnd, i);
                    assertThat(router.route(r)).isEqualTo(reference.route(r));
                }
                assertThat(mapped.generation()).isEqualTo(3);
            }
        }
    }
}
