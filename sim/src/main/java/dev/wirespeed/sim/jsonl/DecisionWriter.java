package dev.wirespeed.sim.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.wirespeed.control.model.RouteDecision;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes decisions as JSON lines in the field order of docs/formats.md ("Decisions"); fields that do not apply are
 * left out.
 * The field names and values are a public interface: other tools read them.
 */
public final class DecisionWriter implements Closeable
{
    private final Writer writer;
    private final JsonGenerator gen;

    /**
     * @param writer where lines go (buffer it; closed by {@link #close()}).
     * @throws IOException if the generator cannot be created.
     */
    public DecisionWriter(final Writer writer) throws IOException
    {
        this.writer = writer;
        this.gen = JsonFactory.builder().build().createGenerator(writer);
        this.gen.setRootValueSeparator(null);
        this.gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }

    /**
     * Writes one line.
     *
     * @param index the record index {@code i}.
     * @param d     the decision.
     * @throws IOException on a write error.
     */
    public void write(final long index, final RouteDecision d) throws IOException
    {
        write(index, null, d);
    }

    /**
     * Writes one line that carries the packet's context after {@code i} ({@code replay --context}).
     *
     * @param index   the record index {@code i}.
     * @param context the packet's timestamp, addresses, ports and protocol, or {@code null}.
     * @param d       the decision.
     * @throws IOException on a write error.
     */
    public void write(final long index, final PacketContext context, final RouteDecision d) throws IOException
    {
        gen.writeStartObject();
        gen.writeNumberField("i", index);
        if (context != null)
        {
            gen.writeStringField("ts", context.timestampText());
            str("src", context.sourceText());
            str("dst", context.destinationText());
            if (context.ipVersion() != 0 && context.hasPorts())
            {
                gen.writeNumberField("sport", context.sourcePort());
                gen.writeNumberField("dport", context.destinationPort());
            }
            if (context.ipVersion() != 0)
            {
                gen.writeNumberField("proto", context.protocol());
            }
        }
        str("action", d.action());
        str("vs", d.vs());
        str("route", d.route());
        str("cluster", d.cluster());
        str("host", d.host());
        str("subset", d.subset());
        num("port", d.port());
        str("endpoint", d.endpoint());
        str("path", d.path());
        str("authority", d.authority());
        num("status", d.status());
        num("grpcStatus", d.grpcStatus());
        str("location", d.location());
        str("flags", d.flags());
        if (d.delayMillis() >= 0)
        {
            gen.writeNumberField("delayMillis", d.delayMillis());
        }
        if (d.mirrors() != null && !d.mirrors().isEmpty())
        {
            gen.writeArrayFieldStart("mirrors");
            for (final String m : d.mirrors())
            {
                gen.writeString(m);
            }
            gen.writeEndArray();
        }
        str("body", d.body());
        if (d.headers() != null && !d.headers().isEmpty())
        {
            gen.writeObjectFieldStart("headers");
            for (final java.util.Map.Entry<String, String> e : d.headers().entrySet())
            {
                gen.writeStringField(e.getKey(), e.getValue());
            }
            gen.writeEndObject();
        }
        if (d.removedHeaders() != null && !d.removedHeaders().isEmpty())
        {
            gen.writeArrayFieldStart("removedHeaders");
            for (final String h : d.removedHeaders())
            {
                gen.writeString(h);
            }
            gen.writeEndArray();
        }
        num("egressPort", d.egressPort());
        str("nextHop", d.nextHop());
        str("reason", d.reason());
        str("authz", d.authz());
        str("tunnel", d.tunnel());
        if (d.tunnel() != null)
        {
            num("vni", d.vni());
        }
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    private void str(final String name, final String value) throws IOException
    {
        if (value != null)
        {
            gen.writeStringField(name, value);
        }
    }

    private void num(final String name, final int value) throws IOException
    {
        if (value >= 0)
        {
            gen.writeNumberField(name, value);
        }
    }

    /**
     * Pushes buffered lines to the writer.
     *
     * @throws IOException on a write error.
     */
    public void flush() throws IOException
    {
        gen.flush();
        writer.flush();
    }

    @Override
    public void close() throws IOException
    {
        gen.close();
        writer.close();
    }
}
