package dev.wirespeed.sim.net.traffic;

import dev.wirespeed.control.compile.HttpRequestView;
import dev.wirespeed.fib.l7.L7RequestView;
import net.openhft.chronicle.bytes.BytesStore;

/**
 * A request template (encoded once into an {@link HttpRequestView}) seen under a changing request id, so
 * every request of a stream gets its own per-request choices (weighted destinations) without re-encoding
 * or allocating.
 */
final class RequestIdView implements L7RequestView
{
    private final HttpRequestView template;
    private long id;

    RequestIdView(final HttpRequestView template)
    {
        this.template = template;
    }

    RequestIdView id(final long value)
    {
        this.id = value;
        return this;
    }

    @Override
    public long id()
    {
        return id;
    }

    @Override
    public int port()
    {
        return template.port();
    }

    @Override
    public int sourcePort()
    {
        return template.sourcePort();
    }

    @Override
    public int length(final int handle)
    {
        return template.length(handle);
    }

    @Override
    public byte byteAt(final int handle, final int index)
    {
        return template.byteAt(handle, index);
    }

    @Override
    public int copyTo(final int handle, final byte[] dst, final int offset)
    {
        return template.copyTo(handle, dst, offset);
    }

    @Override
    public int header(final BytesStore<?, ?> names, final long offset, final int length)
    {
        return template.header(names, offset, length);
    }

    @Override
    public int sourceLabel(final BytesStore<?, ?> names, final long offset, final int length)
    {
        return template.sourceLabel(names, offset, length);
    }
}
