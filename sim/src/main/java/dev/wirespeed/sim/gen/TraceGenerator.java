package dev.wirespeed.sim.gen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.wirespeed.control.model.HttpRequest;
import dev.wirespeed.control.model.RoutingModel;
import dev.wirespeed.control.sample.RandomRoutingModels;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic JSONL request trace for a config (docs/formats.md): requests biased towards the config's
 * VirtualService hosts, match paths and header conditions (its routes), its registry services under their
 * short and long names and addresses (default routes), and hosts it does not know (no route), with queries,
 * headers, source labels, methods, schemes, ports and gateways varied. The same model, count and seed give
 * the same file.
 */
public final class TraceGenerator
{
    private TraceGenerator()
    {
    }

    /**
     * Writes the trace.
     *
     * @param model the config's model.
     * @param count requests.
     * @param seed  the random seed.
     * @param out   where lines go (not closed).
     * @return bytes written.
     * @throws IOException on a write error.
     */
    public static long write(final RoutingModel model, final long count, final long seed, final OutputStream out)
        throws IOException
    {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Counting counted = new Counting(new BufferedOutputStream(out, 1 << 20));
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(counted))
        {
            g.setRootValueSeparator(null);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            long ts = 0;
            for (long i = 0; i < count; i++)
            {
                ts += 1 + rnd.nextInt(2000);
                line(g, RandomRoutingModels.request(model, rnd, i), ts);
                g.writeRaw('\n');
            }
        }
        counted.flush();
        return counted.bytes;
    }

    private static void line(final JsonGenerator g, final HttpRequest r, final long ts) throws IOException
    {
        g.writeStartObject();
        g.writeNumberField("ts", ts);
        if (r.src() != null)
        {
            g.writeStringField("src", r.srcText());
        }
        if (r.port() > 0)
        {
            g.writeNumberField("port", r.port());
        }
        if (r.gateway() != null)
        {
            g.writeStringField("gateway", r.gateway());
        }
        if (r.sourceNamespace() != null)
        {
            g.writeStringField("sourceNamespace", r.sourceNamespace());
        }
        map(g, "sourceLabels", r.sourceLabels());
        if (r.method() != null)
        {
            g.writeStringField("method", r.method());
        }
        if (r.scheme() != null)
        {
            g.writeStringField("scheme", r.scheme());
        }
        g.writeStringField("authority", r.authority());
        g.writeStringField("path", r.path());
        map(g, "headers", r.headers());
        g.writeEndObject();
    }

    private static void map(final JsonGenerator g, final String name, final Map<String, String> m) throws IOException
    {
        if (m == null || m.isEmpty())
        {
            return;
        }
        g.writeObjectFieldStart(name);
        for (final Map.Entry<String, String> e : m.entrySet())
        {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** Counts bytes on their way out. */
    private static final class Counting extends FilterOutputStream
    {
        private long bytes;

        Counting(final OutputStream out)
        {
            super(out);
        }

        @Override
        public void write(final int b) throws IOException
        {
            out.write(b);
            bytes++;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            out.write(b, off, len);
            bytes += len;
        }
    }
}
