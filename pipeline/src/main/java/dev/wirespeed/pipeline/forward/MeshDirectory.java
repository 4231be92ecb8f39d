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
 * class</em> (the clients whose sidecars have the same outbound listeners: docs/routing.md §1 item 8), the kind of
 * their wildcard listener {@code 0.0.0.0_PORT} on each port (HTTP, sniffed: HTTP or a connection by the first bytes,
 * or TCP), their listeners bound to a service's or an endpoint's address that read otherwise than their port's
 * wildcard listener ({@link #listenerAt}), and whether their virtual outbound listener sniffs the other ports; the
 * service addresses (cluster IPs, whose non-HTTP ports go through {@code tcp} routes) with their text as written in
 * the config; and the workloads (pods) by address with their namespace, labels (the request's source) and
 * client class. A source that is no workload has a class of its own ({@link #unknownSourceClass()}). Built once on
 * the control path with a {@link Builder}; read-only and shared by every worker afterwards.
 */
public final class MeshDirectory
{
    /** A directory with nothing in it: every packet takes the L3 path. */
    public static final MeshDirectory EMPTY = new Builder().build();

    private static final byte[] DEFAULT_NAMESPACE = "default".getBytes(StandardCharsets.US_ASCII);

    /** No listener of the client's at a destination: its virtual outbound listener. */
    public static final int LISTENER_NONE = 0;
    /** An HTTP listener. */
    public static final int LISTENER_HTTP = 1;
    /** A sniffed listener (Envoy's {@code http_inspector}: HTTP chain and TCP chains). */
    public static final int LISTENER_SNIFFED = 2;
    /** A TCP (or TLS) listener. */
    public static final int LISTENER_TCP = 3;

    /**
     * Bit words of a class's ports: 1024 each of the ports whose wildcard listener is HTTP, sniffed, TCP, then of the
     * ports where some listener bound to an address reads a segment otherwise than the wildcard's.
     */
    private static final int CLASS_WORDS = 4096;
    private static final int SNIFFED_WORDS = 1024;
    private static final int TCP_WORDS = 2048;
    private static final int BOUND_WORDS = 3072;

    private final long[] portBits;
    private final boolean[] sniffsUndeclaredPorts;
    private final int[] workloadClass;
    private final int unknownSourceClass;
    private final boolean perClient;
    /** Whether some class has a port whose listeners depend on the destination address. */
    private final boolean bound;
    /** {class << 16 | port, hi, lo} per address listener, sorted; IPv4 as the service keys. */
    private final long[] boundKeys;
    private final byte[] boundKinds;
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
                portBits[c * CLASS_WORDS + SNIFFED_WORDS + (p >>> 6)] |= 1L << (p & 63);
            }
            for (final int p : k.tcp)
            {
                portBits[c * CLASS_WORDS + TCP_WORDS + (p >>> 6)] |= 1L << (p & 63);
            }
            sniffsUndeclaredPorts[c] = k.sniffsUndeclaredPorts;
            anySniffs |= k.sniffsUndeclaredPorts;
        }
        unknownSourceClass = b.unknownSourceClass;
        final List<long[]> listeners = new ArrayList<>();
        for (int c = 0; c < classes; c++)
        {
            for (final AddressListener a : b.classes.get(c).bound)
            {
                final long[] key = addressKey(a.address);
                if (key != null)
                {
                    listeners.add(new long[] {(long)c << 16 | a.port, key[0], key[1], a.kind});
                    portBits[c * CLASS_WORDS + BOUND_WORDS + (a.port >>> 6)] |= 1L << (a.port & 63);
                }
            }
        }
        listeners.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : x[1] != y[1]
            ? Long.compareUnsigned(x[1], y[1]) : Long.compareUnsigned(x[2], y[2]));
        boundKeys = new long[listeners.size() * 3];
        boundKinds = new byte[listeners.size()];
        for (int i = 0; i < listeners.size(); i++)
        {
            System.arraycopy(listeners.get(i), 0, boundKeys, 3 * i, 3);
            boundKinds[i] = (byte)listeners.get(i)[3];
        }
        bound = !listeners.isEmpty();
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
        return (portBits[clientClass * CLASS_WORDS + SNIFFED_WORDS + ((port >>> 6) & 1023)] & (1L << (port & 63)))
            != 0;
    }

    /**
     * @param clientClass a client class.
     * @param port        a TCP port.
     * @return whether the class's wildcard listener on the port is TCP (a TCP or TLS service without address
     *         literal, or a CIDR one): a segment no address listener takes is a connection, never sniffed by the
     *         virtual outbound listener.
     */
    public boolean isTcpPort(final int clientClass, final int port)
    {
        return (portBits[clientClass * CLASS_WORDS + TCP_WORDS + ((port >>> 6) & 1023)] & (1L << (port & 63))) != 0;
    }

    /**
     * @return whether some class has a port where a listener bound to an address (a service's, an endpoint's) reads a
     *         segment otherwise than the port's wildcard listener (or the virtual outbound listener): only then must
     *         the forwarder look the destination up ({@link #listenerAt}).
     */
    public boolean addressListeners()
    {
        return bound;
    }

    /**
     * The listener Envoy picks for a segment from a client of the class to an address and port (docs/routing.md §1
     * item 8): one bound to the address if the class has one there that reads otherwise than the wildcard listener,
     * else the wildcard listener, else none.
     *
     * @param clientClass a client class.
     * @param port        the destination port.
     * @param hi          the destination address's high 64 bits (0 for IPv4).
     * @param lo          its low 64 bits (an IPv4 address as {@code 0xFFFF_0000_0000 | v4}, {@link #ipv4Key}).
     * @return {@link #LISTENER_NONE}, {@link #LISTENER_HTTP}, {@link #LISTENER_SNIFFED} or {@link #LISTENER_TCP}.
     */
    public int listenerAt(final int clientClass, final int port, final long hi, final long lo)
    {
        final int word = clientClass * CLASS_WORDS + ((port >>> 6) & 1023);
        final long bit = 1L << (port & 63);
        if (bound && (portBits[word + BOUND_WORDS] & bit) != 0)
        {
            final long classPort = (long)clientClass << 16 | port;
            int low = 0;
            int high = boundKinds.length - 1;
            while (low <= high)
            {
                final int mid = (low + high) >>> 1;
                int c = Long.compare(boundKeys[3 * mid], classPort);
                c = c != 0 ? c : Long.compareUnsigned(boundKeys[3 * mid + 1], hi);
                c = c != 0 ? c : Long.compareUnsigned(boundKeys[3 * mid + 2], lo);
                if (c == 0)
                {
                    return boundKinds[mid];
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
        }
        return (portBits[word] & bit) != 0 ? LISTENER_HTTP : (portBits[word + SNIFFED_WORDS] & bit) != 0
            ? LISTENER_SNIFFED : (portBits[word + TCP_WORDS] & bit) != 0 ? LISTENER_TCP : LISTENER_NONE;
    }

    /**
     * @param address an IPv4 address.
     * @return its key as {@link #listenerAt} takes it (the IPv4-mapped IPv6 address's low bits).
     */
    public static long ipv4Key(final int address)
    {
        return 0xFFFF_0000_0000L | (address & 0xFFFF_FFFFL);
    }

    private static long[] addressKey(final String address)
    {
        final long v4 = IpText.parseIpv4(address);
        if (v4 != IpText.INVALID)
        {
            return new long[] {0L, ipv4Key((int)v4)};
        }
        final long[] v6 = new long[2];
        return IpText.parseIpv6(address, v6) ? v6 : null;
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

    /**
     * A client class: the ports whose wildcard listener is HTTP, sniffed, TCP (sorted, unique), whether it sniffs the
     * other ports, and its listeners bound to addresses (sorted).
     */
    private record ClientClass(List<Integer> http, List<Integer> sniffed, List<Integer> tcp,
        boolean sniffsUndeclaredPorts, List<AddressListener> bound)
    {
    }

    /**
     * A listener bound to an address.
     *
     * @param port    its port.
     * @param address the address as written in the config.
     * @param kind    {@link #LISTENER_HTTP}, {@link #LISTENER_SNIFFED} or {@link #LISTENER_TCP}.
     */
    public record AddressListener(int port, String address, int kind) implements Comparable<AddressListener>
    {
        @Override
        public int compareTo(final AddressListener o)
        {
            return port != o.port ? Integer.compare(port, o.port) : address.compareTo(o.address);
        }
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
            new ArrayList<>(List.of(new ClientClass(List.of(), List.of(), List.of(), false, List.of())));
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
            return clientClass(http, sniffed, List.of(), sniffs, List.of());
        }

        /**
         * @param http    the ports whose wildcard listener is HTTP.
         * @param sniffed those whose wildcard listener is sniffed.
         * @param tcp     those whose wildcard listener is TCP.
         * @param sniffs  whether its virtual outbound listener sniffs.
         * @param bound   its listeners bound to addresses that read otherwise than the port's wildcard listener.
         * @return the client class with these listeners: an existing one (class 0 too) when it has the same, else a
         *         new one. Class 0's ports are to be given before.
         */
        public int clientClass(final Collection<Integer> http, final Collection<Integer> sniffed,
            final Collection<Integer> tcp, final boolean sniffs, final Collection<AddressListener> bound)
        {
            final ClientClass k = new ClientClass(validPorts(http), validPorts(sniffed), validPorts(tcp), sniffs,
                new TreeSet<>(bound).stream().filter(a -> a.port > 0 && a.port < 65536).toList());
            final int at = classes.indexOf(k);
            if (at >= 0)
            {
                return at;
            }
            classes.add(k);
            return classes.size() - 1;
        }

        /**
         * Sets class 0's listeners (every client's unless {@link #clientClass} adds others), replacing what
         * {@link #httpPort}, {@link #sniffedPort} and {@link #sniffUndeclaredPorts} gave.
         *
         * @param http    the ports whose wildcard listener is HTTP.
         * @param sniffed those whose wildcard listener is sniffed.
         * @param tcp     those whose wildcard listener is TCP.
         * @param sniffs  whether its virtual outbound listener sniffs.
         * @param bound   its listeners bound to addresses that read otherwise than the port's wildcard listener.
         * @return this.
         */
        public Builder defaultClass(final Collection<Integer> http, final Collection<Integer> sniffed,
            final Collection<Integer> tcp, final boolean sniffs, final Collection<AddressListener> bound)
        {
            httpPorts.clear();
            httpPorts.addAll(http);
            sniffedPorts.clear();
            sniffedPorts.addAll(sniffed);
            sniffsUndeclaredPorts = sniffs;
            classes.set(0, new ClientClass(validPorts(http), validPorts(sniffed), validPorts(tcp), sniffs,
                new TreeSet<>(bound).stream().filter(a -> a.port > 0 && a.port < 65536).toList()));
            return this;
        }

        /** @param clientClass the class of a source that is no workload (0 unless set). @return this. */
        public Builder unknownSourceClass(final int clientClass)
        {
            unknownSourceClass = clientClass;
            return this;
        }

        private ClientClass clientClassOf(final Collection<Integer> http, final Collection<Integer> sniffed,
            final boolean sniffs)
        {
            return new ClientClass(validPorts(http), validPorts(sniffed), classes.isEmpty() ? List.of()
                : classes.get(0).tcp, sniffs, classes.isEmpty() ? List.of() : classes.get(0).bound);
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
