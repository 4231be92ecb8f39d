import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RouteDecision;
import dev.wirespeed.fib.l3.L3Result;
import dev.wirespeed.fib.l7.L7Result;
import dev.wirespeed.pipeline.descriptor.DecisionDescriptor;
import dev.wirespeed.sim.DecisionNames;
import dev.wirespeed.sim.Engine;
import dev.wirespeed.sim.EngineConfigException;
import dev.wirespeed.sim.JvmFlags;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Wirespeed embedded in a Java program (docs/embedding.md): load a config, route a request (the allocating way
 * and the zero-allocation way, with the ids turned back into names), forward a packet.
 *
 * <p>Run from the repository root: {@code java -cp CLASSPATH:. EmbeddingExample examples/reviews}, with the JVM
 * flags of docs/embedding.md for the packet part.
 */
public final class EmbeddingExample
{
    public static void main(final String[] args)
    {
        final Path config = Path.of(args.length > 0 ? args[0] : "examples/reviews");
        try (Engine engine = Engine.load(List.of(config)))
        {
            engine.warnings().forEach(w -> System.err.println("warning: " + w));

            // 1. One request, the simple way: a RouteDecision record (allocates).
            final HttpRequest request = new HttpRequest(0, 0, "10.1.0.5", 9080, "mesh", "default",
                Map.of("app", "productpage"), "GET", "http", "reviews", "/wpcatalog/books", Map.of());
            final RouteDecision d = engine.route(request);
            System.out.println("route: " + d.action() + " " + d.cluster() + " " + d.endpoint() + " " + d.path());

            // 2. The same request on the zero-allocation path: ids in reusable results, names resolved apart.
            final Engine.Session session = engine.newSession();
            final HttpRequestView view = HttpRequestView.of(request);
            final L7Result l7 = new L7Result();
            final L3Result l3 = new L3Result();
            final boolean hasL3 = session.route(view, l7, l3);
            final DecisionNames names = engine.names();
            System.out.println("ids: " + names.action(l7.action) + " " + names.cluster(l7.cluster) + " "
                + names.endpoint(l7.endpoint) + (hasL3 ? " egress port " + l3.egressPort + " via "
                + names.nextHop(l3.nextHop) : ""));

            // 3. A packet: a raw IPv4 UDP datagram to the endpoint, forwarded by the L3 stage.
            if (!JvmFlags.packetsAvailable())
            {
                System.out.println("packets: skipped; start the JVM with " + JvmFlags.PACKETS);
                return;
            }
            final byte[] packet = udp(0x0A010005, 0x0A01000C, 40000, 53, 64);
            final RouteDecision p = engine.forward(packet, 101);               // 101: LINKTYPE_RAW (IPv4)
            System.out.println("packet: " + p.action() + " egress port " + p.egressPort() + " via " + p.nextHop());

            // 4. The zero-allocation packet path: a caller-owned native frame and decision descriptor.
            final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
            frame.putBytes(0, packet);
            final DecisionDescriptor decision = new DecisionDescriptor()
                .wrap(new UnsafeBuffer(ByteBuffer.allocateDirect(DecisionDescriptor.LENGTH)), 0);
            engine.forward(frame.addressOffset(), packet.length, packet.length, 101, decision);
            System.out.println("descriptor: " + names.describe(decision));
        }
        catch (final EngineConfigException ex)
        {
            ex.problems().forEach(System.err::println);
            System.exit(1);
        }
    }

    /** An IPv4 header (with its checksum) and an empty UDP datagram. */
    private static byte[] udp(final int src, final int dst, final int sport, final int dport, final int ttl)
    {
        final ByteBuffer b = ByteBuffer.allocate(28);
        b.put((byte)0x45).put((byte)0).putShort((short)28).putShort((short)1).putShort((short)0)
            .put((byte)ttl).put((byte)17).putShort((short)0).putInt(src).putInt(dst)
            .putShort((short)sport).putShort((short)dport).putShort((short)8).putShort((short)0);
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += b.getShort(i) & 0xFFFF;
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        b.putShort(10, (short)~sum);
        return b.array();
    }
}
