package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.reference.ReferenceRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/authorization}: AuthorizationPolicies on the ingress gateway and on the destination's sidecar
 * (docs/routing.md "Authorization"). Every line of its {@code cases.jsonl} is a request and the decision fields it
 * must get, on the reference interpreter and on the compiled FIB, which must agree.
 */
class AuthorizationExampleTest
{
    private static final Path EXAMPLE = ExampleConfigs.example("authorization");

    @Test
    void shouldGiveEveryCaseItsDecisionOnBothImplementations() throws IOException
    {
        final LoadedConfig loaded = ExampleConfigs.loadClean(EXAMPLE);
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        assertThat(lines).hasSizeGreaterThan(15);
        DestinationPolicyExamplesTest.assertCases(loaded, new ReferenceRouter(loaded.model()), lines);
    }
}
