package dev.wirespeed.sim.packet;

import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.model.SidecarSpec;
import dev.wirespeed.control.reference.CaptureListeners;
import dev.wirespeed.control.reference.SidecarScopes;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage keys of {@link ClientListenerPortsDifferentialTest}: how often the listener Envoy picks for a destination
 * is not the port's wildcard listener, by kind, and how often an {@code HTTP_PROXY} egress listener gives a port an
 * HTTP listener that no service declaring the port gives. New keys go at the end.
 */
final class ListenerCoverage
{
    static final String[] KEYS = {
        "an address listener sniffed where the wildcard listener is HTTP",
        "an address listener TCP where the wildcard listener is HTTP or sniffed",
        "an address listener where the client has no wildcard listener",
        "a per-endpoint listener that reads otherwise than the wildcard",
        "an HTTP_PROXY listener for services that do not declare its port",
        "a MONGO or MYSQL listener that another protocol does not join",
    };

    private final Map<String, Long> counts = new LinkedHashMap<>();

    ListenerCoverage()
    {
        for (final String k : KEYS)
        {
            counts.put(k, 0L);
        }
    }

    void count(final RoutingModel model, final String ns, final Map<String, String> labels, final String dst,
        final int port, final int segmentClass)
    {
        final int at = CaptureListeners.listenerAt(model, ns, labels, dst, port);
        final int wildcard = CaptureListeners.listenerAt(model, ns, labels, null, port);
        add(at != CaptureListeners.listenerAt(model, ns, labels, dst, port, false), 5);
        if (at != wildcard)
        {
            add(at == CaptureListeners.LISTENER_SNIFFED && wildcard == CaptureListeners.LISTENER_HTTP, 0);
            add(at == CaptureListeners.LISTENER_TCP && (wildcard == CaptureListeners.LISTENER_HTTP
                || wildcard == CaptureListeners.LISTENER_SNIFFED), 1);
            add(wildcard == CaptureListeners.LISTENER_NONE, 2);
            add(model.services().stream().anyMatch(s -> s.addresses().isEmpty() && s.passthrough()
                && s.endpoints().stream().anyMatch(e -> e.address().equals(dst))), 3);
        }
        if (dst == null || !dst.equals("10.255.255.254") || wildcard != CaptureListeners.LISTENER_HTTP)
        {
            return;
        }
        final SidecarSpec sidecar = SidecarScopes.select(model, ns, labels);
        final SidecarSpec.EgressListener l = SidecarScopes.listener(sidecar, port);
        final boolean declared = model.services().stream().anyMatch(s -> s.visibleTo(ns) && s.ports().stream()
            .anyMatch(p -> p.number() == port) && SidecarScopes.visible(l == null ? null : l.hosts(), s.namespace(),
                s.host()));
        add(l != null && l.port() == port && "HTTP_PROXY".equals(l.protocol()) && !declared, 4);
    }

    private void add(final boolean hit, final int key)
    {
        if (hit)
        {
            counts.merge(KEYS[key], 1L, Long::sum);
        }
    }

    void check()
    {
        System.out.println("ClientListenerPortsDifferentialTest coverage: " + counts);
        counts.forEach((k, n) -> assertThat(n).as(k).isGreaterThan(20));
    }
}
