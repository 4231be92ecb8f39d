package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The example folders the example tests load: where they are, and loading one that must load without findings. */
final class ExampleConfigs
{
    private ExampleConfigs()
    {
    }

    /**
     * @param name the folder's name under {@code examples/}.
     * @return its path, below {@code -Dwirespeed.root} (the repository root; {@code ..} from a module by default).
     */
    static Path example(final String name)
    {
        return Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples").resolve(name);
    }

    /**
     * @param example an example folder.
     * @return its loaded config, asserted to have no diagnostics (no error and no warning).
     */
    static LoadedConfig loadClean(final Path example)
    {
        final LoadedConfig loaded = new ConfigLoader().load(List.of(example));
        assertThat(loaded.formattedDiagnostics()).as("diagnostics loading %s", example).isEmpty();
        return loaded;
    }

    /**
     * Loads an example and checks each line of its {@code cases.jsonl} (a request and the decision fields it must get)
     * on the reference interpreter and on the compiled FIB ({@link DestinationPolicyExamplesTest#assertCases}).
     *
     * @param example an example folder.
     * @param cases   how many cases it must hold.
     */
    static void assertCasesInBothImplementations(final Path example, final int cases) throws java.io.IOException
    {
        final LoadedConfig loaded = loadClean(example);
        final List<String> lines = java.nio.file.Files.readAllLines(example.resolve("cases.jsonl"));
        assertThat(lines).hasSize(cases);
        DestinationPolicyExamplesTest.assertCases(loaded, new dev.wirespeed.control.reference.ReferenceRouter(
                loaded.model()), lines);
    }
}
