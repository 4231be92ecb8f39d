package dev.wirespeed.control.compile;

import dev.wirespeed.control.model.Destination;
import dev.wirespeed.control.model.HttpRoute;
import dev.wirespeed.control.model.RouteDestination;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.control.model.StringMatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.wirespeed.control.compile.Models.WEB;
import static dev.wirespeed.control.compile.Models.match;
import static dev.wirespeed.control.compile.Models.model;
import static dev.wirespeed.control.compile.Models.to;
import static dev.wirespeed.control.compile.Models.vs;
import static org.assertj.core.api.Assertions.assertThat;

class L7CompilerErrorsTest
{
    private static final SourceRef AT = new SourceRef("vs.yaml", 12, 5, "spec.http[0]");

    @Test
    void shouldReportEveryUserErrorWithItsSource()
    {
        final HttpRoute badRegex = new HttpRoute("a", List.of(match(StringMatch.regex("(unclosed"))),
                List.of(new RouteDestination(new Destination(WEB, null, 0), 0)), null, null, null, null, List.of(),
                HttpRoute.HeaderOperations.NONE, AT);
        final HttpRoute noAction = new HttpRoute("b", List.of(), List.of(), null, null, null, null, List.of(),
                HttpRoute.HeaderOperations.NONE, AT);
        final HttpRoute negative = new HttpRoute("c", List.of(),
                List.of(new RouteDestination(new Destination(WEB, null, 0), -5),
                        new RouteDestination(new Destination(WEB, null, 0), 5)),
                null, null, null, null, List.of(), HttpRoute.HeaderOperations.NONE, AT);
        final CompiledL7 c = L7Compiler.compile(model(List.of(vs("web", List.of(WEB),
                List.of(badRegex, noAction, negative)))));
        assertThat(c.ok()).isFalse();
        assertThat(c.sections()).isEmpty();
        assertThat(c.errors()).hasSize(3);
        assertThat(c.errors()).allMatch(e -> e.startsWith("vs.yaml:12:5 (spec.http[0])"));
        assertThat(c.errors().get(0)).contains("invalid RE2 regex '(unclosed'");
    }

    @Test
    void shouldNameTheTableWhoseCapacityIsExceeded()
    {
        final List<HttpRoute> routes = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            routes.add(to("r" + i, List.of(match(StringMatch.exact("/p" + i))), "v1"));
        }
        final RoutingModel m = model(List.of(vs("web", List.of(WEB), routes)));
        final L7Capacities small = new L7Capacities(1 << 24, 1 << 20, 16, 1 << 16, 1 << 20, 64, 1 << 20, 1 << 22);
        final CompiledL7 c = L7Compiler.compile(m, small);
        assertThat(c.errors()).containsExactly(
                "capacity exceeded: CLASSIFIER blocks of virtual host default/web: 20 > 16");
    }
}
