package dev.wirespeed.sim.net.fabric;

import dev.wirespeed.fib.l3.IpText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The static shape of a simulated network: nodes (hosts, sidecar hosts, switches) and the full-duplex links
 * between them, as primitive arrays. Every link gives each end a port; a node's ports are numbered
 * {@code 0..portCount-1} in the order its links were added (the egress port numbers of its FIB), and
 * globally {@code firstPort(node) + index}.
 */
public final class Topology
{
    private final String[] names;
    private final NodeKind[] kinds;
    private final int[] addresses;
    private final long[] bufferBytes;
    private final int[] firstPort;
    private final int[] portCount;
    private final int[] portNode;
    private final int[] portPeer;
    private final int[] portLink;
    private final LinkSpec[] portSpec;
    private final int[] sortedAddresses;
    private final int[] nodeOfSortedAddress;
    private final Map<String, Integer> byName;

    private Topology(final Builder b)
    {
        final int n = b.names.size();
        names = b.names.toArray(new String[0]);
        kinds = b.kinds.toArray(new NodeKind[0]);
        addresses = new int[n];
        bufferBytes = new long[n];
        for (int i = 0; i < n; i++)
        {
            addresses[i] = b.addresses.get(i);
            bufferBytes[i] = b.buffers.get(i);
        }
        final int links = b.linkA.size();
        firstPort = new int[n];
        portCount = new int[n];
        for (int l = 0; l < links; l++)
        {
            portCount[b.linkA.get(l)]++;
            portCount[b.linkB.get(l)]++;
        }
        for (int i = 1; i < n; i++)
        {
            firstPort[i] = firstPort[i - 1] + portCount[i - 1];
        }
        final int ports = 2 * links;
        portNode = new int[ports];
        portPeer = new int[ports];
        portLink = new int[ports];
        portSpec = new LinkSpec[ports];
        final int[] filled = new int[n];
        for (int l = 0; l < links; l++)
        {
            final int a = b.linkA.get(l);
            final int c = b.linkB.get(l);
            final int pa = firstPort[a] + filled[a]++;
            final int pc = firstPort[c] + filled[c]++;
            portNode[pa] = a;
            portNode[pc] = c;
            portPeer[pa] = pc;
            portPeer[pc] = pa;
            portLink[pa] = l;
            portLink[pc] = l;
            portSpec[pa] = b.specs.get(l);
            portSpec[pc] = b.specs.get(l);
        }
        byName = Map.copyOf(b.byName);
        final long[] keyed = new long[n];
        for (int i = 0; i < n; i++)
        {
            keyed[i] = ((addresses[i] & 0xFFFF_FFFFL) << 32) | i;
        }
        Arrays.sort(keyed);
        sortedAddresses = new int[n];
        nodeOfSortedAddress = new int[n];
        for (int i = 0; i < n; i++)
        {
            sortedAddresses[i] = (int)(keyed[i] >>> 32);
            nodeOfSortedAddress[i] = (int)keyed[i];
        }
    }

    /** @return a builder. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return number of nodes. */
    public int nodeCount()
    {
        return names.length;
    }

    /** @return number of ports (twice the links). */
    public int portCount()
    {
        return portNode.length;
    }

    /** @return number of links. */
    public int linkCount()
    {
        return portNode.length / 2;
    }

    /** @param node a node. @return its name. */
    public String name(final int node)
    {
        return names[node];
    }

    /** @param node a node. @return its kind. */
    public NodeKind kind(final int node)
    {
        return kinds[node];
    }

    /** @param node a node. @return its IPv4 address. */
    public int address(final int node)
    {
        return addresses[node];
    }

    /** @param node a switch. @return its shared buffer in bytes (0 if none). */
    public long bufferBytes(final int node)
    {
        return bufferBytes[node];
    }

    /** @param node a node. @return its first global port id. */
    public int firstPort(final int node)
    {
        return firstPort[node];
    }

    /** @param node a node. @return its number of ports. */
    public int ports(final int node)
    {
        return portCount[node];
    }

    /** @param port a port. @return its node. */
    public int portNode(final int port)
    {
        return portNode[port];
    }

    /** @param port a port. @return its index on its node. */
    public int portIndex(final int port)
    {
        return port - firstPort[portNode[port]];
    }

    /** @param port a port. @return the port at the other end of its link. */
    public int peer(final int port)
    {
        return portPeer[port];
    }

    /** @param port a port. @return its link's index. */
    public int link(final int port)
    {
        return portLink[port];
    }

    /** @param port a port. @return its link's spec. */
    public LinkSpec spec(final int port)
    {
        return portSpec[port];
    }

    /**
     * @param name a node name.
     * @return its id, or -1.
     */
    public int node(final String name)
    {
        final Integer id = byName.get(name);
        return id == null ? -1 : id;
    }

    /**
     * @param address an IPv4 address.
     * @return the node that has it, or -1 (allocation-free).
     */
    public int nodeByAddress(final int address)
    {
        final int i = Arrays.binarySearch(sortedAddresses, address);
        return i >= 0 && addresses[nodeOfSortedAddress[i]] == address ? nodeOfSortedAddress[i] : -1;
    }

    /**
     * @param a a node.
     * @param b another node.
     * @return the link index between them, or -1 (the first if several).
     */
    public int linkBetween(final int a, final int b)
    {
        for (int p = firstPort[a]; p < firstPort[a] + portCount[a]; p++)
        {
            if (portNode[portPeer[p]] == b)
            {
                return portLink[p];
            }
        }
        return -1;
    }

    /**
     * @param node a node.
     * @param peer a neighbour.
     * @return the global id of {@code node}'s port towards {@code peer}, or -1 (the first if several).
     */
    public int portTowards(final int node, final int peer)
    {
        for (int p = firstPort[node]; p < firstPort[node] + portCount[node]; p++)
        {
            if (portNode[portPeer[p]] == peer)
            {
                return p;
            }
        }
        return -1;
    }

    /** @param port a port. @return "node:index", for reports. */
    public String portName(final int port)
    {
        return names[portNode[port]] + ":" + portIndex(port);
    }

    /** Builds a {@link Topology}. */
    public static final class Builder
    {
        private final List<String> names = new ArrayList<>();
        private final List<NodeKind> kinds = new ArrayList<>();
        private final List<Integer> addresses = new ArrayList<>();
        private final List<Long> buffers = new ArrayList<>();
        private final Map<String, Integer> byName = new HashMap<>();
        private final Map<Integer, String> byAddress = new HashMap<>();
        private final List<Integer> linkA = new ArrayList<>();
        private final List<Integer> linkB = new ArrayList<>();
        private final List<LinkSpec> specs = new ArrayList<>();

        private Builder()
        {
        }

        /**
         * Adds a node.
         *
         * @param name        unique name.
         * @param kind        what it is.
         * @param address     its IPv4 address (unique).
         * @param bufferBytes a switch's shared buffer (for {@link QueueSpec.Mode#SHARED} ports), else 0.
         * @return its id.
         */
        public int node(final String name, final NodeKind kind, final int address, final long bufferBytes)
        {
            if (byName.containsKey(name))
            {
                throw new IllegalArgumentException("node '" + name + "' is defined twice");
            }
            final String other = byAddress.putIfAbsent(address, name);
            if (other != null)
            {
                throw new IllegalArgumentException("nodes '" + other + "' and '" + name + "' have the same address "
                    + IpText.formatIpv4(address));
            }
            final int id = names.size();
            names.add(name);
            kinds.add(kind);
            addresses.add(address);
            buffers.add(bufferBytes);
            byName.put(name, id);
            return id;
        }

        /**
         * @param name a node name.
         * @return its id.
         * @throws IllegalArgumentException if unknown.
         */
        public int id(final String name)
        {
            final Integer id = byName.get(name);
            if (id == null)
            {
                throw new IllegalArgumentException("no node named '" + name + "'");
            }
            return id;
        }

        /**
         * Links two nodes.
         *
         * @param a    a node id.
         * @param b    another.
         * @param spec the link.
         * @return the link index.
         */
        public int link(final int a, final int b, final LinkSpec spec)
        {
            if (a == b)
            {
                throw new IllegalArgumentException("a link needs two different nodes, not '" + names.get(a)
                    + "' twice");
            }
            linkA.add(a);
            linkB.add(b);
            specs.add(spec);
            return linkA.size() - 1;
        }

        /** @return the topology. */
        public Topology build()
        {
            return new Topology(this);
        }
    }
}
