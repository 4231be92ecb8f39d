package dev.wirespeed.sim.net;

import dev.wirespeed.sim.net.fabric.FabricDropReason;
import dev.wirespeed.sim.net.fabric.PortQueues;
import dev.wirespeed.sim.net.fabric.Topology;
import dev.wirespeed.sim.net.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code examples/sim/leaf-spine-incast} gives the counts docs/simulation.md states, and the model's drops. */
class LeafSpineIncastTest
{
    static final Path EXAMPLE = Path.of(System.getProperty("wirespeed.root", "..")).resolve(
        "examples/sim/leaf-spine-incast");

    @Test
    void shouldDropOnlyAtTheIncastPortAsManyAsTheBusyPeriodModelPredicts()
    {
        try (NetSimulation sim = new NetSimulation(ScenarioLoader.load(EXAMPLE)))
        {
            sim.run();
            assertThat(sim.now()).isEqualTo(200_000_000L);
            assertThat(sim.flows().size()).isEqualTo(144);
            assertThat(sim.sent()).isEqualTo(1_200_096);
            assertThat(sim.inFlight()).isZero();
            assertThat(sim.received()).isEqualTo(sim.sent() - sim.dropped());
            sim.checkConservation();

            final Topology t = sim.topology();
            final PortQueues q = sim.ports();
            final int incastPort = t.portTowards(t.node("leaf0"), t.node("h0-0"));
            assertThat(t.portNode(t.peer(incastPort))).isEqualTo(t.node("h0-0"));
            for (int p = 0; p < q.size(); p++)
            {
                if (p != incastPort)
                {
                    assertThat(q.drops(p)).as("drops at %s", t.portName(p)).isZero();
                }
            }
            assertThat(q.drops(incastPort, FabricDropReason.QUEUE_FULL)).isEqualTo(sim.dropped());

            final long model = BusyPeriodModel.of(17, 8334, 12_000, 1500, 2, 10_000_000_000L, 1000).drops();
            assertThat((double)Math.abs(sim.dropped() - model)).isLessThanOrEqualTo(model * 0.001);
            System.out.println("leaf-spine-incast: dropped " + sim.dropped() + ", model " + model + ", events "
                + sim.events());
        }
    }
}
