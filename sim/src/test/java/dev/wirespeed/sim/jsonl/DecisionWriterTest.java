package dev.wirespeed.sim.jsonl;

import dev.wirespeed.control.model.RouteDecision;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionWriterTest
{
    @Test
    void shouldWriteFieldsInDesignOrderAndLeaveOutWhatDoesNotApply() throws IOException
    {
        final StringWriter out = new StringWriter();
        try (DecisionWriter w = new DecisionWriter(out))
        {
            w.write(0, new RouteDecision("route", "default/reviews-route", "reviews-v2-routes",
                    "outbound|9080|v2|reviews.default.svc.cluster.local", "reviews.default.svc.cluster.local", "v2",
                    9080, "10.1.0.12:9080", "/newcatalog/a", "reviews", -1, null, "-", -1, List.of("outbound|9080||m"),
                    null, 3, "192.168.0.1", null));
            w.write(1, RouteDecision.drop("bad-record"));
        }
        assertThat(out.toString()).isEqualTo(
                "{\"i\":0,\"action\":\"route\",\"vs\":\"default/reviews-route\",\"route\":\"reviews-v2-routes\","
                        + "\"cluster\":\"outbound|9080|v2|reviews.default.svc.cluster.local\","
                        + "\"host\":\"reviews.default.svc.cluster.local\",\"subset\":\"v2\",\"port\":9080,"
                        + "\"endpoint\":\"10.1.0.12:9080\",\"path\":\"/newcatalog/a\",\"authority\":\"reviews\","
                        + "\"flags\":\"-\",\"mirrors\":[\"outbound|9080||m\"],"
                        + "\"egressPort\":3,\"nextHop\":\"192.168.0.1\"}\n"
                        + "{\"i\":1,\"action\":\"drop\",\"reason\":\"bad-record\"}\n");
    }

    @Test
    void shouldEscapeStrings() throws IOException
    {
        final StringWriter out = new StringWriter();
        try (DecisionWriter w = new DecisionWriter(out))
        {
            w.write(2, new RouteDecision("direct", null, null, null, null, null, -1, null, null, null, 200, null, "-",
                    -1, null, "say \"hi\"\n", -1, null, null));
        }
        assertThat(out.toString()).contains("\"body\":\"say \\\"hi\\\"\\n\"");
    }
}
