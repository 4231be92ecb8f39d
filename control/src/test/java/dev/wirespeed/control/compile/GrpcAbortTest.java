package dev.wirespeed.control.compile;

import dev.wirespeed.control.config.ConfigLoader;
import dev.wirespeed.control.config.LoadedConfig;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fault.abort.grpcStatus} (docs/routing.md §3, examples/grpc-fault) on both implementations: Envoy's fault
 * filter answers the aborted request with HTTP 200 and the gRPC status Istio translated the name to.
 */
class GrpcAbortTest
{
    private static final Path EXAMPLES = Path.of(System.getProperty("wirespeed.root", "..")).resolve("examples");

    private static RoutingModel example()
    {
        final LoadedConfig c = new ConfigLoader().load(List.of(EXAMPLES.resolve("grpc-fault")));
        assertThat(c.errors()).isEmpty();
        return c.model();
    }

    private static HttpRequest call(final long id, final Map<String, String> headers)
    {
        return new HttpRequest(id, 0, null, 9090, "mesh", "default", Map.of(), "POST", null, "ratings-grpc:9090",
                "/ratings.Ratings/Get", headers);
    }

    @Test
    void shouldAnswerAnAbortedCallWithStatus200AndTheGrpcStatus()
    {
        final RouteDecision d = Both.route(example(), call(0, Map.of("content-type", "application/grpc",
                "end-user", "tester")));
        assertThat(d.action()).isEqualTo("abort");
        assertThat(d.route()).isEqualTo("test-user-unavailable");
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.grpcStatus()).as("UNAVAILABLE").isEqualTo(14);
        assertThat(d.flags()).isEqualTo("FI");
        assertThat(d.cluster()).isNull();
    }

    @Test
    void shouldAbortAboutHalfTheOtherCallsWithResourceExhaustedAndRouteTheRest()
    {
        final RoutingModel m = example();
        int aborted = 0;
        for (long id = 0; id < 400; id++)
        {
            final RouteDecision d = Both.route(m, call(id, Map.of("content-type", "application/grpc")));
            if ("abort".equals(d.action()))
            {
                aborted++;
                assertThat(d.grpcStatus()).as("RESOURCE_EXHAUSTED").isEqualTo(8);
                assertThat(d.status()).isEqualTo(200);
            }
            else
            {
                assertThat(d.grpcStatus()).isEqualTo(-1);
                assertThat(d.endpoint()).isEqualTo("10.1.6.10:9090");
            }
        }
        assertThat(aborted).isBetween(150, 250);
    }
}
