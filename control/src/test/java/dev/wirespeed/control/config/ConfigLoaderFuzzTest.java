package dev.wirespeed.control.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wirespeed.control.compile.CompiledRouter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the YAML loader with any bytes: they must become a model or diagnostics (file:line:column, one line,
 * no parser internals), never an exception, a hang or a blow-up; a config that loads without errors must
 * compile or fail with the compiler's own error list.
 *
 * <p>Plain {@code mvn test} replays the committed seeds (resources {@code ConfigLoaderFuzzTestInputs/}); {@code mvn
 * verify} also fuzzes for {@code wirespeed.fuzz.duration}; docs/limits.md says how to fuzz longer.
 */
class ConfigLoaderFuzzTest
{
    @FuzzTest
    void shouldTurnAnyBytesIntoAModelOrDiagnostics(final byte[] data)
    {
        final Diagnostics decoding = new Diagnostics();
        final String text = ConfigLoader.decodeUtf8("fuzz.yaml", data, decoding);
        if (text == null)
        {
            assertThat(decoding.list()).hasSize(1);
            return;
        }
        final LoadedConfig loaded = new ConfigLoader().loadString("fuzz.yaml", text);
        for (final Diagnostic d : loaded.diagnostics())
        {
            final String line = d.format();
            assertThat(line).startsWith("fuzz.yaml").doesNotContain("\n").doesNotContain("Exception")
                .doesNotContain("com.fasterxml").doesNotContain("StreamReadConstraints");
            assertThat(d.where().line()).isGreaterThanOrEqualTo(0);
        }
        if (!loaded.hasErrors())
        {
            try (CompiledRouter router = CompiledRouter.compile(loaded.model()))
            {
                assertThat(router).isNotNull();
            }
            catch (final IllegalArgumentException compileErrors)
            {
                assertThat(compileErrors.getMessage()).isNotBlank();
            }
        }
    }
}
