package dev.wirespeed.sim.jsonl;

import dev.wirespeed.fib.OffHeap;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deferred records through {@link DecisionOutput}: every record's line reaches the stream once and in order, whether
 * the writer thread encodes it or, when the writer is behind (a slow stream), the caller does; a stream's error fails
 * the caller.
 */
class DecisionOutputTest
{
    private static final OffHeap U = OffHeap.MEMORY;
    private static final int RECORDS = 1_500_000;

    /** Records of 8 or 16 bytes (a number, and its length): the line is the number. */
    private static final class Numbers implements DecisionOutput.Deferred
    {
        final AtomicLong lines = new AtomicLong();
        volatile String thread;

        @Override
        public long encode(final long address, final long end, final JsonBytes out, final int limit)
        {
            thread = Thread.currentThread().getName();
            long at = address;
            for (; at < end && out.length() < limit; at += U.getInt(at + 4))
            {
                out.putLong(U.getInt(at)).put((byte)'\n');
                lines.incrementAndGet();
            }
            return at;
        }
    }

    /** A stream that sleeps at every write (a slow disk): the writer thread falls behind. */
    private static final class SlowStream extends OutputStream
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(final int b)
        {
            bytes.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                throw new InterruptedIOException();
            }
            bytes.write(b, off, len);
        }
    }

    private static void append(final DecisionOutput out, final int n) throws IOException
    {
        for (int i = 0; i < n; i++)
        {
            final int size = (i % 3 == 0) ? 16 : 8;
            final long at = out.append(size);
            U.putInt(at, i);
            U.putInt(at + 4, size);
        }
    }

    private static String expected(final int n)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            b.append(i).append('\n');
        }
        return b.toString();
    }

    @Test
    void shouldWriteEveryLineInOrderWhenTheCallerEncodesForASlowWriter() throws IOException
    {
        final Numbers onWriter = new Numbers();
        final Numbers onCaller = new Numbers();
        final SlowStream stream = new SlowStream();
        try (DecisionOutput out = new DecisionOutput(onWriter, onCaller, stream))
        {
            append(out, RECORDS);
        }
        assertThat(stream.bytes.toString(StandardCharsets.US_ASCII)).isEqualTo(expected(RECORDS));
        assertThat(onCaller.lines.get()).as("lines the caller encoded").isPositive();
        assertThat(onCaller.thread).isEqualTo(Thread.currentThread().getName());
        assertThat(onWriter.lines.get()).as("lines the writer encoded").isPositive();
        assertThat(onWriter.thread).isEqualTo("decision-writer");
        assertThat(onWriter.lines.get() + onCaller.lines.get()).isEqualTo(RECORDS);
    }

    @Test
    void shouldFlushWhatWasAppendedSoFar() throws IOException
    {
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (DecisionOutput out = new DecisionOutput(new Numbers(), new Numbers(), stream))
        {
            append(out, 1000);
            out.flush();
            assertThat(stream.toString(StandardCharsets.US_ASCII)).isEqualTo(expected(1000));
        }
    }

    @Test
    void shouldFailTheCallerWithTheStreamsError()
    {
        final OutputStream failing = new OutputStream()
        {
            @Override
            public void write(final int b) throws IOException
            {
                throw new IOException("disk full");
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() ->
        {
            try (DecisionOutput out = new DecisionOutput(new Numbers(), new Numbers(), failing))
            {
                append(out, RECORDS);
            }
        }).isInstanceOf(IOException.class).hasMessage("disk full");
    }

    @Test
    void shouldRefuseTheOtherKindOfWrite() throws IOException
    {
        try (DecisionOutput out = new DecisionOutput(new Numbers(), new Numbers(), OutputStream.nullOutputStream()))
        {
            assertThatThrownBy(() -> out.write(null, null)).isInstanceOf(IllegalStateException.class);
        }
    }
}
