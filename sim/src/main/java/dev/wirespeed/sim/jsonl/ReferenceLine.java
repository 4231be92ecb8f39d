package dev.wirespeed.sim.jsonl;

import dev.wirespeed.control.model.RouteDecision;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@link DecisionEncoder}'s rare path: a String-based {@link RouteDecision} (from the reference
 * materializer) written as bytes, field for field as {@link DecisionWriter} writes it. Allocates; used only for
 * the records the byte path does not write (regex rewrites, header operations, request text that is not ASCII).
 */
final class ReferenceLine
{
    private static final byte[] I = ascii("{\"i\":");
    private static final byte[] ACTION = ascii(",\"action\":\"");
    private static final byte[] VS = ascii(",\"vs\":\"");
    private static final byte[] ROUTE = ascii(",\"route\":\"");
    private static final byte[] CLUSTER = ascii(",\"cluster\":\"");
    private static final byte[] HOST = ascii(",\"host\":\"");
    private static final byte[] SUBSET = ascii(",\"subset\":\"");
    private static final byte[] PORT = ascii(",\"port\":");
    private static final byte[] ENDPOINT = ascii(",\"endpoint\":\"");
    private static final byte[] PATH = ascii(",\"path\":\"");
    private static final byte[] AUTHORITY = ascii(",\"authority\":\"");
    private static final byte[] STATUS = ascii(",\"status\":");
    private static final byte[] LOCATION = ascii(",\"location\":\"");
    private static final byte[] FLAGS = ascii(",\"flags\":\"");
    private static final byte[] DELAY = ascii(",\"delayMillis\":");
    private static final byte[] GRPC_STATUS = ascii(",\"grpcStatus\":");
    private static final byte[] AUTHZ = ascii(",\"authz\":\"");
    private static final byte[] MIRRORS = ascii(",\"mirrors\":[");
    private static final byte[] BODY = ascii(",\"body\":\"");
    private static final byte[] HEADERS = ascii(",\"headers\":{");
    private static final byte[] NAME_VALUE = ascii("\":\"");
    private static final byte[] REMOVED_HEADERS = ascii(",\"removedHeaders\":[");
    private static final byte[] EGRESS_PORT = ascii(",\"egressPort\":");
    private static final byte[] NEXT_HOP = ascii(",\"nextHop\":\"");
    private static final byte[] REASON = ascii(",\"reason\":\"");
    private static final byte[] TUNNEL = ascii(",\"tunnel\":\"");
    private static final byte[] VNI = ascii(",\"vni\":");

    private ReferenceLine()
    {
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void number(final JsonBytes out, final byte[] key, final int value)
    {
        if (value >= 0)
        {
            out.put(key).putLong(value);
        }
    }

    /**
     * Writes a String-based decision record as {@link DecisionWriter} does (the rare path; allocates).
     *
     * @param index   the record index.
     * @param context the packet's context, or {@code null}.
     * @param d       the record.
     * @param out   where the line goes.
     */
    static void write(final long index, final PacketContext context, final RouteDecision d, final JsonBytes out)
    {
        out.put(I).putLong(index);
        if (context != null)
        {
            context.writeTo(out);
        }
        text(out, ACTION, d.action());
        text(out, VS, d.vs());
        text(out, ROUTE, d.route());
        text(out, CLUSTER, d.cluster());
        text(out, HOST, d.host());
        text(out, SUBSET, d.subset());
        number(out, PORT, d.port());
        text(out, ENDPOINT, d.endpoint());
        text(out, PATH, d.path());
        text(out, AUTHORITY, d.authority());
        number(out, STATUS, d.status());
        number(out, GRPC_STATUS, d.grpcStatus());
        text(out, LOCATION, d.location());
        text(out, FLAGS, d.flags());
        if (d.delayMillis() >= 0)
        {
            out.put(DELAY).putLong(d.delayMillis());
        }
        if (d.mirrors() != null && !d.mirrors().isEmpty())
        {
            out.put(MIRRORS);
            for (int k = 0; k < d.mirrors().size(); k++)
            {
                out.put(k == 0 ? (byte)'"' : (byte)',');
                if (k > 0)
                {
                    out.put((byte)'"');
                }
                out.put(JsonBytes.escape(d.mirrors().get(k))).put((byte)'"');
            }
            out.put((byte)']');
        }
        text(out, BODY, d.body());
        if (d.headers() != null && !d.headers().isEmpty())
        {
            out.put(HEADERS);
            boolean first = true;
            for (final Map.Entry<String, String> e : d.headers().entrySet())
            {
                out.put(first ? (byte)'"' : (byte)',');
                if (!first)
                {
                    out.put((byte)'"');
                }
                first = false;
                out.put(JsonBytes.escape(e.getKey())).put(NAME_VALUE).put(JsonBytes.escape(e.getValue()))
                    .put((byte)'"');
            }
            out.put((byte)'}');
        }
        if (d.removedHeaders() != null && !d.removedHeaders().isEmpty())
        {
            out.put(REMOVED_HEADERS);
            for (int k = 0; k < d.removedHeaders().size(); k++)
            {
                out.put(k == 0 ? (byte)'"' : (byte)',');
                if (k > 0)
                {
                    out.put((byte)'"');
                }
                out.put(JsonBytes.escape(d.removedHeaders().get(k))).put((byte)'"');
            }
            out.put((byte)']');
        }
        number(out, EGRESS_PORT, d.egressPort());
        text(out, NEXT_HOP, d.nextHop());
        text(out, REASON, d.reason());
        text(out, AUTHZ, d.authz());
        if (d.tunnel() != null)
        {
            text(out, TUNNEL, d.tunnel());
            number(out, VNI, d.vni());
        }
        out.put((byte)'}').put((byte)'\n');
    }

    private static void text(final JsonBytes out, final byte[] key, final String value)
    {
        if (value != null)
        {
            out.put(key).put(JsonBytes.escape(value)).put((byte)'"');
        }
    }
}
