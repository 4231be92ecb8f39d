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

    @Test
    void shouldNotAllocateDecidingThePolicies() throws IOException
    {
        FastPathAllocationTest.assertNoAllocationOverCases(ExampleConfigs.loadClean(EXAMPLE).model(),
                EXAMPLE.resolve("cases.jsonl"));
    }

    @Test
    void shouldDecideEveryCaseAsWithoutPoliciesWhenNoneApplies() throws IOException
    {
        // the same config without the policies: no decision names authz, and those nothing denied are unchanged
        final LoadedConfig loaded = ExampleConfigs.loadClean(EXAMPLE);
        final dev.wirespeed.control.model.RoutingModel without = loaded.model().withAuthorization(
                dev.wirespeed.control.model.Authorization.NONE);
        final ReferenceRouter with = new ReferenceRouter(loaded.model());
        final ReferenceRouter plain = new ReferenceRouter(without);
        final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        final List<String> lines = Files.readAllLines(EXAMPLE.resolve("cases.jsonl"));
        int denied = 0;
        try (CompiledRouter compiled = CompiledRouter.compile(without))
        {
            for (int i = 0; i < lines.size(); i++)
            {
                final dev.wirespeed.control.model.HttpRequest r = DestinationPolicyExamplesTest.request(i,
                        json.readTree(lines.get(i)).get("request"), java.util.Map.of());
                final dev.wirespeed.control.model.RouteDecision d = with.route(r);
                assertThat(compiled.route(r)).isEqualTo(plain.route(r));
                assertThat(plain.route(r).authz()).isNull();
                if (d.authz() == null)
                {
                    assertThat(d).as("line %d", i + 1).isEqualTo(plain.route(r));
                }
                else
                {
                    denied++;
                    assertThat(d.status()).isEqualTo(403);
                }
            }
        }
        assertThat(denied).isEqualTo(15);
    }
}
