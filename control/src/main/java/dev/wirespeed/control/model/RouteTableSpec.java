package dev.wirespeed.control.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A {@code wirespeed.dev/v1} {@code RouteTable} document: plain L3 routes for the LPM tables.
 *
 * <pre>
 * apiVersion: wirespeed.dev/v1
 * kind: RouteTable
 * metadata: {name: core}
 * spec:
 *   localAddresses: [192.168.0.254, 2001:db8::fe]
 *   routes:
 *   - prefix: 10.0.0.0/8
 *     nextHops: [{address: 192.168.1.1, port: 3, weight: 1}]
 *   routesFile: routes.txt   # one "PREFIX NEXTHOP PORT" a line, relative to the YAML file
 * </pre>
 *
 * <p>The loader checks the YAML shape; prefixes, addresses and the routes file are parsed and
 * validated by the L3 compiler ({@code dev.wirespeed.control.l3}), which reports with the file:line
 * given here.
 *
 * @param namespace      metadata.namespace ({@code default} when absent).
 * @param name           metadata.name.
 * @param routes         inline routes, in document order.
 * @param routesFile     the routes file resolved against the YAML file's folder, or {@code null}.
 * @param routesFileRef  where {@code spec.routesFile} was written (for errors about the file as a whole).
 * @param localAddresses the engine's own interface addresses as written (punt targets).
 * @param source         the document.
 */
public record RouteTableSpec(
        String namespace,
        String name,
        List<RouteSpec> routes,
        Path routesFile,
        SourceRef routesFileRef,
        List<AddressSpec> localAddresses,
        SourceRef source)
{
    /**
     * One inline route.
     *
     * @param prefix   the prefix as written, e.g. {@code 10.0.0.0/8} or {@code 2001:db8::/32}.
     * @param nextHops its next hops; several make an ECMP group.
     * @param source   where {@code spec.routes[i]} was written.
     */
    public record RouteSpec(String prefix, List<NextHopSpec> nextHops, SourceRef source)
    {
    }

    /**
     * One next hop of a route.
     *
     * @param address the next-hop address as written.
     * @param port    the egress port number (≥ 0).
     * @param weight  relative ECMP weight (≥ 1; 1 when absent).
     * @param source  where it was written.
     */
    public record NextHopSpec(String address, int port, int weight, SourceRef source)
    {
    }

    /**
     * An address as written, with its source.
     *
     * @param address the address text.
     * @param source  where it was written.
     */
    public record AddressSpec(String address, SourceRef source)
    {
    }
}
