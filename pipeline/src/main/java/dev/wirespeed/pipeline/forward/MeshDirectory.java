package dev.wirespeed.pipeline.forward;

import dev.wirespeed.fib.l3.IpText;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the packet forwarder needs to know about the service registry, as primitive arrays: per <em>client
 * class</em> (the clients whose sidecars have the same outbound listeners: docs/routing.md §1 item 8), the ports on
 * which they have an HTTP listener (Istio's {@code 0.0.0.0_PORT} HTTP listeners), the ports on which they have a
 * sniffed one (HTTP or a connection, by the first bytes) and whether their virtual outbound listener sniffs the other
 * ports; the service addresses (cluster IPs, whose non-HTTP ports go through {@code tcp} routes) with their text as
 * written in the config; and the workloads (pods) by address with their namespace, labels (the request's source) and
 * client class. A source that is no workload has a class of its own ({@link #unknownSourceClass()}). Built once on
 * the control path with a {@link Builder}; read-only and shared by every worker afterwards.
 */
public final class MeshDirectory
{
    /** A directory with nothing in it: every packet takes the L3 path. */
    public static final MeshDirectory EMPTY = new Builder().build();

    private static final byte[] DEFAULT_NAMESPACE = "default".getBytes(StandardCharsets.US_ASCII);

    /** Bit words of a class's ports: 1024 of HTTP ports, then 1024 of sniffed ports. */
    private static final int CLASS_WORDS = 2048;

    private final long[] portBits;
    private final boolean[] sniffsUndeclaredPorts;
    private final int[] workloadClass;
    private final int unknownSourceClass;
    private final boolean perClient;
    private final long[] serviceKeys;      // {hi, lo} per address, sorted; IPv4 as {0, 0xFFFF_0000_0000 | v4}
    private final byte[][] serviceText;
    private final long[] workloadKeys;
    private final byte[][] workloadText;
    private final byte[][] workloadNamespace;
    private final byte[][][] labelNames;
    private final byte[][][] labelValues;

    private MeshDirectory(final Builder b)
    {
        final int classes = b.classes.size();
        portBits = new long[classes * CLASS_WORDS];
        sniffsUndeclaredPorts = new boolean[classes];
        boolean anySniffs = false;
        for (int c = 0; c < classes; c++)
        {
            final ClientClass k = b.classes.get(c);
            for (final int p : k.http)
            {
                portBits[c * CLASS_WORDS + (p >>> 6)] |= 1L << (p & 63);
            }
            for (final int p : k.sniffed)
            {
                portBits[c * CLASS_WORDS + 1024 + (p >>> 6)] |= 1L << (p & 63);
            }
            sniffsUndeclaredPorts[c] = k.sniffsUndeclaredPorts;
            anySniffs |= k.sniffsUndeclaredPorts;
        }
        unknownSourceClass = b.unknownSourceClass;
        perClient = classes > 1 || anySniffs;
        final List<Entry> services = sortedUnique(b.services);
        serviceKeys = new long[services.size() * 2];
        serviceText = new byte[services.size()][];
        for (int i = 0; i < services.size(); i++)
        {
            serviceKeys[2 * i] = services.get(i).hi;
            serviceKeys[2 * i + 1] = services.get(i).lo;
            serviceText[i] = services.get(i).text;
        }
        final List<Entry> workloads = sortedUnique(b.workloads);
        final int n = workloads.size();
        workloadKeys = new long[n * 2];
        workloadText = new byte[n][];
        workloadNamespace = new byte[n][];
        labelNames = new byte[n][][];
        labelValues = new byte[n][][];
        workloadClass = new int[n];
        for (int i = 0; i < n; i++)
        {
            final Entry e = workloads.get(i);
            workloadClass[i] = e.clientClass;
            workloadKeys[2 * i] = e.hi;
            workloadKeys[2 * i + 1] = e.lo;
            workloadText[i] = e.text;
            workloadNamespace[i] =
                e.namespace == null ? DEFAULT_NAMESPACE : e.namespace.getBytes(StandardCharsets.UTF_8);
            final Map<String, String> labels = new TreeMap<>(e.labels == null ? Map.of() : e.labels);
            labelNames[i] = new byte[labels.size()][];
            labelValues[i] = new byte[labels.size()][];
            int k = 0;
            for (final Map.Entry<String, String> l : labels.entrySet())
            {
                labelNames[i][k] = l.getKey().getBytes(StandardCharsets.UTF_8);
                labelValues[i][k] = l.getValue().getBytes(StandardCharsets.UTF_8);
                k++;
            }
        }
    }

    private static List<Entry> sortedUnique(final List<Entry> in)
    {
        final List<Entry> sorted = new ArrayList<>(in);
        sorted.sort((x, y) -> x.hi != y.hi ? Long.compareUnsigned(x.hi, y.hi) : Long.compareUnsigned(x.lo, y.lo));
        final List<Entry> out = new ArrayList<>();
        for (final Entry e : sorted)
        {
            if (out.isEmpty() || out.get(out.size() - 1).hi != e.hi || out.get(out.size() - 1).lo != e.lo)
            {
                out.add(e); // the first in load order wins for a duplicate address
            }
        }
        return out;
    }

    /**
     * @return whether the forwarder must know a segment's client class: there is more than one, or some class's
     *         virtual outbound listener sniffs (which only a workload's does). Otherwise every source is class 0.
     */
    public boolean perClient()
    {
        return perClient;
    }

    /** @return how many client classes there are (1 or more). */
    public int classCount()
    {
        return sniffsUndeclaredPorts.length;
    }

    /** @param w a workload. @return its client class. */
    public int workloadClass(final int w)
    {
        return workloadClass[w];
    }

    /** @return the client class of a source that is no workload (a request from the default namespace, no labels). */
    public int unknownSourceClass()
    {
        return unknownSourceClass;
    }

    /**
     * @param clientClass a client class.
     * @param port        a TCP port.
     * @return whether the class's clients have an HTTP listener on the port: a service they see declares it with an
     *         HTTP protocol, or their Sidecar's egress listener for the port says one (docs/routing.md §1 item 8).
     */
    public boolean isHttpPort(final int clientClass, final int port)
    {
        return (portBits[clientClass * CLASS_WORDS + ((port >>> 6) & 1023)] & (1L << (port & 63))) != 0;
    }

    /**
     * @param clientClass a client class.
     * @param port        a TCP port.
     * @return whether the class's clients have a sniffed listener on the port (a service they see declares it without
     *         a protocol Istio knows, or their Sidecar's egress listener for it has none): Envoy's
     *         {@code http_inspector} routes an HTTP/1.x or h2c request as HTTP and anything else as a connection
     *         (docs/routing.md §1 item 8).
     */
    public boolean isSniffedPort(final int clientClass, final int port)
    {
        return (portBits[clientClass * CLASS_WORDS + 1024 + ((port >>> 6) & 1023)] & (1L << (port & 63))) != 0;
    }

    /**
     * @param clientClass a client class.
     * @return whether the class's sidecars sniff every port they have no HTTP or sniffed listener on: their outbound
     *         traffic policy (their Sidecar's, else the mesh's) is {@code ALLOW_ANY_DYNAMIC_DNS}, whose virtual
     *         outbound listener has an HTTP inspector and sends plain-text HTTP/1.1 and h2c to its dynamic forward
     *         proxy chain (docs/routing.md §1 item 8). Only a workload's segments are sniffed so.
     */
    public boolean sniffsUndeclaredPorts(final int clientClass)
    {
        return sniffsUndeclaredPorts[clientClass];
    }

    /**
     * @param address an IPv4 address (a.b.c.d as a&lt;&lt;24|...|d).
     * @return the service address index, or -1.
     */
    public int serviceIpv4(final int address)
    {
        return find(serviceKeys, 0L, ipv4Key(address));
    }

    /**
     * @param hi IPv6 address, high 64 bits.
     * @param lo low 64 bits.
     * @return the service address index, or -1.
     */
    public int serviceIpv6(final long hi, final long lo)
    {
        return find(serviceKeys, hi, lo);
    }

    /**
     * @param index a service address index.
     * @return the address as written in the config (UTF-8; do not modify).
     */
    public byte[] serviceText(final int index)
    {
        return serviceText[index];
    }

    /**
     * @param address an IPv4 address.
     * @return the workload index, or -1.
     */
    public int workloadIpv4(final int address)
    {
        return find(workloadKeys, 0L, ipv4Key(address));
    }

    /**
     * @param hi IPv6 high 64 bits.
     * @param lo low 64 bits.
     * @return the workload index, or -1.
     */
    public int workloadIpv6(final long hi, final long lo)
    {
        return find(workloadKeys, hi, lo);
    }

    /** @param w a workload. @return its address text (do not modify). */
    public byte[] workloadText(final int w)
    {
        return workloadText[w];
    }

    /** @param w a workload. @return its namespace (UTF-8; do not modify). */
    public byte[] namespace(final int w)
    {
        return workloadNamespace[w];
    }

    /** @param w a workload. @return how many labels it has. */
    public int labelCount(final int w)
    {
        return labelNames[w].length;
    }

    /** @param w a workload. @param k a label. @return its name (do not modify). */
    public byte[] labelName(final int w, final int k)
    {
        return labelNames[w][k];
    }

    /** @param w a workload. @param k a label. @return its value (do not modify). */
    public byte[] labelValue(final int w, final int k)
    {
        return labelValues[w][k];
    }

    /** @return the namespace requests from unknown sources get. */
    public static byte[] defaultNamespace()
    {
        return DEFAULT_NAMESPACE;
    }

    private static long ipv4Key(final int address)
    {
        return 0xFFFF_0000_0000L | (address & 0xFFFF_FFFFL); // the IPv4-mapped IPv6 address ::ffff:a.b.c.d
    }

    private static int find(final long[] keys, final long hi, final long lo)
    {
        int low = 0;
        int high = keys.length / 2 - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            int c = Long.compareUnsigned(keys[2 * mid], hi);
            if (c == 0)
            {
                c = Long.compareUnsigned(keys[2 * mid + 1], lo);
            }
            if (c == 0)
            {
                return mid;
            }
            if (c < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return -1;
    }

    private record Entry(long hi, long lo, byte[] text, String namespace, Map<String, String> labels,
        int clientClass)
    {
    }

    /** A client class: its HTTP and sniffed ports (sorted, unique) and whether it sniffs the other ports. */
    private record ClientClass(List<Integer> http, List<Integer> sniffed, boolean sniffsUndeclaredPorts)
    {
    }

    /**
     * Collects ports, service addresses and workloads; addresses that do not parse as IP are ignored. The ports and
     * the sniffing given by {@link #httpPort}, {@link #sniffedPort} and {@link #sniffUndeclaredPorts} are class 0's,
     * every client's unless {@link #clientClass} adds others.
     */
    public static final class Builder
    {
        private final List<Integer> httpPorts = new ArrayList<>();
        private final List<Integer> sniffedPorts = new ArrayList<>();
        private boolean sniffsUndeclaredPorts;
        private final List<ClientClass> classes =
            new ArrayList<>(List.of(new ClientClass(List.of(), List.of(), false)));
        private int unknownSourceClass;
        private final List<Entry> services = new ArrayList<>();
        private final List<Entry> workloads = new ArrayList<>();
        private final long[] v6 = new long[2];

        /** @param port an HTTP port of class 0. @return this. */
        public Builder httpPort(final int port)
        {
            httpPorts.add(port);
            classes.set(0, clientClassOf(httpPorts, sniffedPorts, sniffsUndeclaredPorts));
            return this;
        }

        /** @param port a sniffed port of class 0. @return this. */
        public Builder sniffedPort(final int port)
        {
            sniffedPorts.add(port);
            classes.set(0, clientClassOf(httpPorts, sniffedPorts, sniffsUndeclaredPorts));
            return this;
        }

        /** @param sniffs whether class 0 sniffs the other ports ({@link #sniffsUndeclaredPorts(int)}). @return this. */
        public Builder sniffUndeclaredPorts(final boolean sniffs)
        {
            sniffsUndeclaredPorts = sniffs;
            classes.set(0, clientClassOf(httpPorts, sniffedPorts, sniffsUndeclaredPorts));
            return this;
        }

        /**
         * @param http    the class's HTTP ports.
         * @param sniffed its sniffed ports.
         * @param sniffs  whether it sniffs the other ports.
         * @return the client class with these ports: an existing one (class 0 too) when it has the same, else a new
         *         one. Class 0's ports are to be given before.
         */
        public int clientClass(final Collection<Integer> http, final Collection<Integer> sniffed, final boolean sniffs)
        {
            final ClientClass k = clientClassOf(http, sniffed, sniffs);
            final int at = classes.indexOf(k);
            if (at >= 0)
            {
                return at;
            }
            classes.add(k);
            return classes.size() - 1;
        }

        /** @param clientClass the class of a source that is no workload (0 unless set). @return this. */
        public Builder unknownSourceClass(final int clientClass)
        {
            unknownSourceClass = clientClass;
            return this;
        }

        private static ClientClass clientClassOf(final Collection<Integer> http, final Collection<Integer> sniffed,
            final boolean sniffs)
        {
            return new ClientClass(validPorts(http), validPorts(sniffed), sniffs);
        }

        private static List<Integer> validPorts(final Collection<Integer> ports)
        {
            return new TreeSet<>(ports).stream().filter(p -> p > 0 && p < 65536).toList();
        }

        /** @param address a service address (cluster IP) as written in the config. @return this. */
        public Builder serviceAddress(final String address)
        {
            final Entry e = entry(address, null, null, 0);
            if (e != null)
            {
                services.add(e);
            }
            return this;
        }

        /**
         * @param address   the workload's IP.
         * @param namespace its namespace.
         * @param labels    its labels.
         * @return this.
         */
        public Builder workload(final String address, final String namespace, final Map<String, String> labels)
        {
            return workload(address, namespace, labels, 0);
        }

        /**
         * @param address     the workload's IP.
         * @param namespace   its namespace.
         * @param labels      its labels.
         * @param clientClass its client class ({@link #clientClass}).
         * @return this.
         */
        public Builder workload(final String address, final String namespace, final Map<String, String> labels,
            final int clientClass)
        {
            if (clientClass < 0 || clientClass >= classes.size())
            {
                throw new IllegalArgumentException("no client class " + clientClass);
            }
            final Entry e = entry(address, namespace, labels, clientClass);
            if (e != null)
            {
                workloads.add(e);
            }
            return this;
        }

        private Entry entry(final String address, final String namespace, final Map<String, String> labels,
            final int clientClass)
        {
            if (address == null)
            {
                return null;
            }
            final byte[] text = address.getBytes(StandardCharsets.UTF_8);
            final long v4 = IpText.parseIpv4(address);
            if (v4 != IpText.INVALID)
            {
                return new Entry(0L, ipv4Key((int)v4), text, namespace, labels, clientClass);
            }
            Arrays.fill(v6, 0L);
            if (IpText.parseIpv6(address, v6))
            {
                return new Entry(v6[0], v6[1], text, namespace, labels, clientClass);
            }
            return null;
        }

        /** @return the directory. */
        public MeshDirectory build()
        {
            return new MeshDirectory(this);
        }
    }
}
