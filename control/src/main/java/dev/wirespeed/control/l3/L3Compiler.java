package dev.wirespeed.control.l3;

import dev.wirespeed.control.model.RouteTableSpec;
import dev.wirespeed.control.model.SourceRef;
import dev.wirespeed.fib.l3.Ipv4LpmBuilder;
import dev.wirespeed.fib.l3.Ipv6LpmBuilder;
import dev.wirespeed.fib.l3.LocalAddressesBuilder;
import dev.wirespeed.fib.l3.NextHopGroupsBuilder;
import dev.wirespeed.fib.l3.NextHopGroupsLayout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compiles {@code RouteTable} specs into the L3 sections of the FIB.
 *
 * <p>All route tables are merged into one table (one VRF). Every route — inline or from a routes file —
 * with the same prefix joins one ECMP group: its members are the next hops of every such route, in
 * input order (an identical next hop and port given twice is one member whose weights add up). Groups
 * with identical members are shared. Every error is collected, with its {@code file:line[:column]}; the
 * compile never stops at the first.
 */
public final class L3Compiler
{
    /** Highest egress port number. */
    public static final int MAX_PORT = 65535;

    private static final int SEQ_BITS = 25;
    private static final int MAX_RECORDS = 1 << SEQ_BITS;

    private final List<L3Diagnostic> diagnostics = new ArrayList<>();
    private final NextHopGroupsBuilder groups = new NextHopGroupsBuilder();
    private final LocalAddressesBuilder local = new LocalAddressesBuilder();

    // IPv4 route records: key = length << 57 | address << 25 | record index.
    private long[] v4Keys = new long[1024];
    private int[] v4NextHop = new int[1024];
    private int[] v4Port = new int[1024];
    private int[] v4Weight = new int[1024];
    private int v4Count;

    private long[] v6Hi = new long[64];
    private long[] v6Lo = new long[64];
    private int[] v6Length = new int[64];
    private int[] v6NextHop = new int[64];
    private int[] v6Port = new int[64];
    private int[] v6Weight = new int[64];
    private int v6Count;

    private L3Compiler()
    {
    }

    /**
     * Compiles route tables.
     *
     * @param tables the {@code RouteTable} specs (any number, merged).
     * @return the sections, or every diagnostic.
     */
    public static L3CompileResult compile(final List<RouteTableSpec> tables)
    {
        final L3Compiler c = new L3Compiler();
        for (final RouteTableSpec t : tables)
        {
            c.addTable(t);
        }
        return c.finish();
    }

    /**
     * A {@code RouteTable} spec for a routes file given in code (the CLI's {@code --routes FILE}).
     *
     * @param file        the routes file.
     * @param displayName its name in messages.
     * @param local       local addresses (may be empty).
     * @return the spec.
     */
    public static RouteTableSpec routesFileSpec(final Path file, final String displayName, final List<String> local)
    {
        final SourceRef ref = new SourceRef(displayName, 0, 0, "");
        final List<RouteTableSpec.AddressSpec> addresses = new ArrayList<>();
        for (final String a : local)
        {
            addresses.add(new RouteTableSpec.AddressSpec(a, new SourceRef("--local", 0, 0, "")));
        }
        return new RouteTableSpec("default", displayName, List.of(), file, ref, addresses, ref);
    }

    private void error(final SourceRef where, final String message)
    {
        diagnostics.add(new L3Diagnostic(where == null ? "<unknown>" : where.location(), message));
    }

    private void addTable(final RouteTableSpec t)
    {
        final IpSyntax prefix = new IpSyntax();
        final IpSyntax address = new IpSyntax();
        if (t.localAddresses() != null)
        {
            for (final RouteTableSpec.AddressSpec a : t.localAddresses())
            {
                final String e = address.parseAddress(a.address());
                if (e != null)
                {
                    error(a.source(), "spec.localAddresses: " + e);
                }
                else if (address.family == 4)
                {
                    local.addIpv4((int)address.lo);
                }
                else
                {
                    local.addIpv6(address.hi, address.lo);
                }
            }
        }
        if (t.routes() != null)
        {
            for (final RouteTableSpec.RouteSpec r : t.routes())
            {
                addInlineRoute(r, prefix, address);
            }
        }
        if (t.routesFile() != null)
        {
            RoutesFileParser.parse(t.routesFile(), t.routesFile().toString(), new RouteSink()
            {
                @Override
                public void ipv4Route(final int a, final int length,
                        final int nhFamily, final long nhHi, final long nhLo, final int port, final int line)
                {
                    addIpv4(a, length, nextHop(nhFamily, nhHi, nhLo), port, 1);
                }

                @Override
                public void ipv6Route(final long hi, final long lo, final int length,
                        final int nhFamily, final long nhHi, final long nhLo, final int port, final int line)
                {
                    addIpv6(hi, lo, length, nextHop(nhFamily, nhHi, nhLo), port, 1);
                }
            }, diagnostics);
        }
    }

    private void addInlineRoute(final RouteTableSpec.RouteSpec r, final IpSyntax prefix, final IpSyntax address)
    {
        final String pe = prefix.parsePrefix(r.prefix());
        if (pe != null)
        {
            error(r.source(), "spec.routes: " + pe);
        }
        if (r.nextHops() == null || r.nextHops().isEmpty())
        {
            error(r.source(),
                    "spec.routes: route " + r.prefix() + " has no nextHops; expected at least one {address, port}");
            return;
        }
        for (final RouteTableSpec.NextHopSpec nh : r.nextHops())
        {
            boolean ok = true;
            final String ae = address.parseAddress(nh.address());
            if (ae != null)
            {
                error(nh.source(), "bad next hop" + ae.substring("bad address".length()));
                ok = false;
            }
            if (nh.port() < 0 || nh.port() > MAX_PORT)
            {
                error(nh.source(), "bad port " + nh.port() + ": expected an egress port number 0.." + MAX_PORT);
                ok = false;
            }
            if (nh.weight() < 1)
            {
                error(nh.source(), "bad weight " + nh.weight() + ": expected a weight of at least 1");
                ok = false;
            }
            if (ok && pe == null)
            {
                final int index = nextHop(address.family, address.hi, address.lo);
                if (prefix.family == 4)
                {
                    addIpv4((int)prefix.lo, prefix.length, index, nh.port(), nh.weight());
                }
                else
                {
                    addIpv6(prefix.hi, prefix.lo, prefix.length, index, nh.port(), nh.weight());
                }
            }
        }
    }

    private int nextHop(final int family, final long hi, final long lo)
    {
        return family == 4 ? groups.ipv4NextHop((int)lo) : groups.ipv6NextHop(hi, lo);
    }

    private void addIpv4(final int address, final int length, final int nextHop, final int port, final int weight)
    {
        if (v4Count == MAX_RECORDS)
        {
            throw new IllegalStateException("more than " + MAX_RECORDS + " IPv4 routes");
        }
        if (v4Count == v4Keys.length)
        {
            final int n = v4Count * 2;
            v4Keys = Arrays.copyOf(v4Keys, n);
            v4NextHop = Arrays.copyOf(v4NextHop, n);
            v4Port = Arrays.copyOf(v4Port, n);
            v4Weight = Arrays.copyOf(v4Weight, n);
        }
        v4Keys[v4Count] = ((long)length << 57) | ((address & 0xffffffffL) << SEQ_BITS) | v4Count;
        v4NextHop[v4Count] = nextHop;
        v4Port[v4Count] = port;
        v4Weight[v4Count] = weight;
        v4Count++;
    }

    private void addIpv6(
            final long hi, final long lo, final int length, final int nextHop, final int port, final int weight)
    {
        if (v6Count == v6Hi.length)
        {
            final int n = v6Count * 2;
            v6Hi = Arrays.copyOf(v6Hi, n);
            v6Lo = Arrays.copyOf(v6Lo, n);
            v6Length = Arrays.copyOf(v6Length, n);
            v6NextHop = Arrays.copyOf(v6NextHop, n);
            v6Port = Arrays.copyOf(v6Port, n);
            v6Weight = Arrays.copyOf(v6Weight, n);
        }
        v6Hi[v6Count] = hi;
        v6Lo[v6Count] = lo;
        v6Length[v6Count] = length;
        v6NextHop[v6Count] = nextHop;
        v6Port[v6Count] = port;
        v6Weight[v6Count] = weight;
        v6Count++;
    }

    private L3CompileResult finish()
    {
        final Ipv4LpmBuilder ipv4 = new Ipv4LpmBuilder();
        final Ipv6LpmBuilder ipv6 = new Ipv6LpmBuilder();
        if (!diagnostics.isEmpty())
        {
            return new L3CompileResult(new ArrayList<>(diagnostics), ipv4, ipv6, groups, local);
        }
        try
        {
            final GroupCollector members = new GroupCollector();
            final long[] keys = Arrays.copyOf(v4Keys, v4Count);
            Arrays.sort(keys);
            for (int i = 0; i < keys.length; )
            {
                final long prefixKey = keys[i] >>> SEQ_BITS;
                members.clear();
                int j = i;
                while (j < keys.length && (keys[j] >>> SEQ_BITS) == prefixKey)
                {
                    final int r = (int)(keys[j] & (MAX_RECORDS - 1));
                    members.add(v4NextHop[r], v4Port[r], v4Weight[r]);
                    j++;
                }
                ipv4.add((int)prefixKey, (int)(prefixKey >>> 32), members.group(groups));
                i = j;
            }
            final Integer[] order = new Integer[v6Count];
            for (int i = 0; i < v6Count; i++)
            {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) ->
            {
                int c = Integer.compare(v6Length[a], v6Length[b]);
                if (c == 0)
                {
                    c = Long.compareUnsigned(v6Hi[a], v6Hi[b]);
                }
                if (c == 0)
                {
                    c = Long.compareUnsigned(v6Lo[a], v6Lo[b]);
                }
                return c != 0 ? c : Integer.compare(a, b);
            });
            for (int i = 0; i < v6Count; )
            {
                final int first = order[i];
                members.clear();
                int j = i;
                while (j < v6Count && v6Length[order[j]] == v6Length[first]
                        && v6Hi[order[j]] == v6Hi[first] && v6Lo[order[j]] == v6Lo[first])
                {
                    final int r = order[j];
                    members.add(v6NextHop[r], v6Port[r], v6Weight[r]);
                    j++;
                }
                ipv6.add(v6Hi[first], v6Lo[first], v6Length[first], members.group(groups));
                i = j;
            }
            // Sizing compiles the tables: capacity errors show here, not when the image is built.
            ipv4.sizeInBytes();
            ipv6.sizeInBytes();
        }
        catch (final IllegalStateException | IllegalArgumentException ex)
        {
            diagnostics.add(new L3Diagnostic("route tables", "capacity exceeded: " + ex.getMessage()));
        }
        return new L3CompileResult(new ArrayList<>(diagnostics), ipv4, ipv6, groups, local);
    }

    /** The members of one prefix's ECMP group, duplicates merged. */
    private static final class GroupCollector
    {
        private int[] nextHops = new int[8];
        private int[] ports = new int[8];
        private int[] weights = new int[8];
        private int count;

        void clear()
        {
            count = 0;
        }

        void add(final int nextHop, final int port, final int weight)
        {
            for (int i = 0; i < count; i++)
            {
                if (nextHops[i] == nextHop && ports[i] == port)
                {
                    weights[i] += weight;
                    return;
                }
            }
            if (count == nextHops.length)
            {
                nextHops = Arrays.copyOf(nextHops, count * 2);
                ports = Arrays.copyOf(ports, count * 2);
                weights = Arrays.copyOf(weights, count * 2);
            }
            nextHops[count] = nextHop;
            ports[count] = port;
            weights[count] = weight;
            count++;
        }

        int group(final NextHopGroupsBuilder groups)
        {
            if (count > NextHopGroupsLayout.MAX_MEMBERS_PER_GROUP)
            {
                throw new IllegalStateException(
                        "an ECMP group has more than " + NextHopGroupsLayout.MAX_MEMBERS_PER_GROUP + " members");
            }
            return count == 1 ? groups.group(nextHops[0], ports[0]) : groups.group(nextHops, ports, weights, count);
        }
    }
}
