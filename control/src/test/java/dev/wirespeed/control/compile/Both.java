package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.reference.ReferenceRouter;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes a request on the reference and on the compiled FIB, asserts they agree, returns the decision. */
final class Both
{
    private Both()
    {
    }

    static RouteDecision route(final RoutingModel model, final HttpRequest request)
    {
        final RouteDecision expected = new ReferenceRouter(model).route(request);
        try (CompiledRouter compiled = CompiledRouter.compile(model))
        {
            final RouteDecision actual = compiled.route(request);
            assertThat(actual).as("compiled vs reference for %s", request).isEqualTo(expected);
        }
        return expected;
    }
}
