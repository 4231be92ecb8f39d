package dev.wirespeed.sim.packet;

import dev.wirespeed.control.model.MeshConfig;
import dev.wirespeed.control.model.RegistryService;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.reference.CaptureListeners;
import dev.wirespeed.control.sample.RandomRoutingModels;
import dev.wirespeed.fib.l3.IpText;
import dev.wirespeed.pipeline.forward.MeshDirectory;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packet forwarder's client classes ({@link MeshDirectories}, {@link ClientListenerPorts}: which ports a client's
 * sidecar has HTTP or sniffed listeners on, and whether its virtual outbound listener sniffs) against the reference's
 * capture model ({@link CaptureListeners}), for every workload of random models (Sidecars with egress listeners that
 * name ports and protocols, exportTo, the mesh's and the Sidecars' outbound traffic policies) and a source that is no
 * workload, on every port a service or a Sidecar names. Seed: {@code -Dwirespeed.seed=N}.
 */
class ClientListenerPortsDifferentialTest
{
    private static final long SEED = Long.getLong("wirespeed.seed", 20261204L);
    private static final int MODELS = 300;

    @Test
    void shouldClassifyEveryClientsPortsAsTheReferenceDoes()
    {
        System.out.println("ClientListenerPortsDifferentialTest seed " + SEED);
        final SplittableRandom rnd = new SplittableRandom(SEED);
        // the edits' own stream: the random models stay those of the seed
        final SplittableRandom mixes = new SplittableRandom(SEED ^ 0x6361_7063_6C61_7373L);
        final ListenerCoverage coverage = new ListenerCoverage();
        long compared = 0;
        long notTheRegistrys = 0;
        int perClientModels = 0;
        for (int m = 0; m < MODELS; m++)
        {
            final RoutingModel model = MixedListenerModels.edit(RandomRoutingModels.model(rnd), mixes);
            final MeshDirectory directory = MeshDirectories.from(model);
            perClientModels += directory.classCount() > 1 ? 1 : 0;
            final Set<Integer> ports = ports(model);
            final Set<String> destinations = destinations(model);
            final Set<Integer> seen = new HashSet<>();
            for (final RegistryService s : model.services())
            {
                for (final RegistryService.Endpoint e : s.endpoints())
                {
                    final int w = workload(directory, e.address());
                    if (w < 0 || !seen.add(w))
                    {
                        continue; // not an IP, or an address an earlier endpoint has (the first in load order wins)
                    }
                    final Map<String, String> labels = MeshDirectories.withLocality(e);
                    for (final int port : ports)
                    {
                        for (final String dst : destinations)
                        {
                            final String where = "seed " + SEED + " model " + m + " workload " + e.address() + " ("
                                + s.namespace() + ", " + labels + ") to " + dst + " port " + port;
                            final int want = CaptureListeners.segmentClass(model, s.namespace(), labels, true, dst,
                                port);
                            assertThat(compiled(directory, directory.workloadClass(w), true, dst, port)).as(where)
                                .isEqualTo(want);
                            notTheRegistrys += want != registryWide(model, true, port) ? 1 : 0;
                            coverage.count(model, s.namespace(), labels, dst, port, want);
                            compared++;
                        }
                    }
                }
            }
            for (final int port : ports)
            {
                for (final String dst : destinations)
                {
                    final int want = CaptureListeners.segmentClass(model, "default", Map.of(), false, dst, port);
                    assertThat(compiled(directory, directory.unknownSourceClass(), false, dst, port))
                        .as("seed " + SEED + " model " + m + " a source that is no workload, to " + dst + " port "
                            + port).isEqualTo(want);
                    compared++;
                }
            }
        }
        System.out.println("ClientListenerPortsDifferentialTest: " + compared + " (client, port) compared, "
            + notTheRegistrys + " where the client's listeners are not the registry's, " + perClientModels
            + " models with more than one client class");
        assertThat(compared).isGreaterThan(10_000);
        assertThat(notTheRegistrys).as("Sidecars and exportTo change a client's listeners").isGreaterThan(100);
        assertThat(perClientModels).isGreaterThan(20);
        coverage.check();
    }

    /**
     * The forwarder's choice (PacketForwarder.forward): the listener at the destination when some class has address
     * listeners, else the port's wildcard listener by its bits; a sniffed listener, an HTTP one, else the connection
     * path (the virtual outbound listener sniffing a workload's segments under ALLOW_ANY_DYNAMIC_DNS).
     */
    private static int compiled(final MeshDirectory d, final int clientClass, final boolean workload, final String dst,
        final int port)
    {
        final long[] key = key(dst);
        final int listener = d.listenerAt(clientClass, port, key[0], key[1]);
        if (!d.addressListeners())
        {
            assertThat(listener).as("no address listeners: the wildcard's bits").isEqualTo(
                d.isHttpPort(clientClass, port) ? MeshDirectory.LISTENER_HTTP : d.isSniffedPort(clientClass, port)
                    ? MeshDirectory.LISTENER_SNIFFED : d.isTcpPort(clientClass, port) ? MeshDirectory.LISTENER_TCP
                    : MeshDirectory.LISTENER_NONE);
        }
        if (listener == MeshDirectory.LISTENER_SNIFFED
            || workload && d.sniffsUndeclaredPorts(clientClass) && listener == MeshDirectory.LISTENER_NONE)
        {
            return CaptureListeners.SNIFFED;
        }
        return listener == MeshDirectory.LISTENER_HTTP ? CaptureListeners.HTTP : CaptureListeners.CONNECTION;
    }

    /** Every address of a service or an endpoint, and one no listener is bound to. */
    private static Set<String> destinations(final RoutingModel model)
    {
        final Set<String> out = new TreeSet<>(Set.of("10.255.255.254"));
        for (final RegistryService s : model.services())
        {
            s.addresses().stream().filter(a -> key(a) != null).forEach(out::add);
            s.endpoints().stream().map(RegistryService.Endpoint::address).filter(a -> key(a) != null)
                .forEach(out::add);
        }
        return out;
    }

    private static long[] key(final String address)
    {
        final long v4 = IpText.parseIpv4(address);
        if (v4 != IpText.INVALID)
        {
            return new long[] {0L, MeshDirectory.ipv4Key((int)v4)};
        }
        final long[] v6 = new long[2];
        return IpText.parseIpv6(address, v6) ? v6 : null;
    }

    /** What the registry alone says (the forwarder before client classes): for comparison only. */
    private static int registryWide(final RoutingModel model, final boolean workload, final int port)
    {
        boolean http = false;
        for (final RegistryService s : model.services())
        {
            for (final RegistryService.ServicePort p : s.ports())
            {
                if (p.number() == port && p.isAuto())
                {
                    return CaptureListeners.SNIFFED;
                }
                http |= p.number() == port && p.isHttp();
            }
        }
        return http ? CaptureListeners.HTTP : workload
            && model.mesh().outboundPolicy() == MeshConfig.OutboundPolicy.ALLOW_ANY_DYNAMIC_DNS
            ? CaptureListeners.SNIFFED : CaptureListeners.CONNECTION;
    }

    private static Set<Integer> ports(final RoutingModel model)
    {
        final Set<Integer> ports = new TreeSet<>(Set.of(80, 65535));
        model.services().forEach(s -> s.ports().forEach(p -> ports.add(p.number())));
        for (final SidecarSpec sc : model.sidecars())
        {
            sc.egress().forEach(l -> ports.add(Math.max(1, l.port())));
        }
        return ports;
    }

    private static int workload(final MeshDirectory d, final String address)
    {
        final long v4 = IpText.parseIpv4(address);
        if (v4 != IpText.INVALID)
        {
            return d.workloadIpv4((int)v4);
        }
        final long[] v6 = new long[2];
        return IpText.parseIpv6(address, v6) ? d.workloadIpv6(v6[0], v6[1]) : -1;
    }
}
