package dev.wirespeed.fib.l3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stress test of in-place updates with a lookup thread running: the writer toggles prefixes between
 * two states while a registered reader looks up addresses under them; every answer must be the
 * route word of one of the two states (never a half-written node, a freed and reused block, or a
 * stale pointer into one), and the reader's answers must keep making progress.
 */
class PoptrieConcurrencyTest
{
    private static final int PREFIXES = 512;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void readerShouldOnlySeeWholeStatesWhileTheWriterTogglesRoutes() throws InterruptedException
    {
        final long seed = L3TestImages.seed("readerShouldOnlySeeWholeStatesWhileTheWriterTogglesRoutes");
        final SplittableRandom rnd = new SplittableRandom(seed);
        // Each toggled /24 and /26 points at a group named after its index, so an answer read from a
        // reused block of another prefix is caught.
        // Background: a 10/8 covering everything; toggled: /24s (one slot's subtree) and /26 under them.
        final int[] prefixes = new int[PREFIXES];
        for (int i = 0; i < PREFIXES; i++)
        {
            prefixes[i] = 0x0A000000 | (((i * 127 + rnd.nextInt(2)) & 0xffff) << 8);
        }
        final Ipv4Poptrie table = new Ipv4Poptrie();
        table.add(0x0A000000, 8, 1);
        final int background = RouteWord.of(1, 8);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final long[] reads = new long[1];
        final Thread reader = new Thread(() ->
        {
            final int[] addresses = new int[64];
            final int[] index = new int[64];
            final int[] results = new int[64];
            final SplittableRandom r = new SplittableRandom(seed + 1);
            try (LpmEpochs.Reader handle = table.epochs().register())
            {
                while (!stop.get() && failure.get() == null)
                {
                    handle.quiescent();
                    for (int i = 0; i < 64; i++)
                    {
                        index[i] = r.nextInt(PREFIXES);
                        addresses[i] = prefixes[index[i]] | r.nextInt(256);
                    }
                    table.lookupBatch(addresses, 0, 64, results, 0);
                    for (int i = 0; i < 64; i++)
                    {
                        final int w = results[i];
                        final int single = table.lookup(addresses[i]);
                        if (!valid(w, index[i], addresses[i], background) || !valid(single, index[i], addresses[i],
                                background))
                        {
                            failure.set("address " + IpText.formatIpv4(addresses[i]) + " gave 0x"
                                    + Integer.toHexString(w)
                                    + " / 0x" + Integer.toHexString(single));
                        }
                    }
                    reads[0] += 64;
                }
            }
        }, "poptrie-reader");
        reader.start();
        for (int round = 0; round < 400 && failure.get() == null; round++)
        {
            for (int i = 0; i < PREFIXES; i++)
            {
                final int p = prefixes[i];
                if (((round + i) & 1) == 0)
                {
                    table.add(p, 24, 1000 + i);
                    table.add(p, 26, 5000 + i);
                }
                else
                {
                    table.remove(p, 26);
                    table.remove(p, 24);
                }
            }
        }
        stop.set(true);
        reader.join();
        assertThat(failure.get()).as("seed %d", seed).isNull();
        assertThat(reads[0]).isPositive();
        // After the churn the table still answers like its route set: every toggled prefix ended in
        // one of the two states, consistently for the /24 and the /26 under it.
        for (int i = 0; i < PREFIXES; i++)
        {
            final int w = table.lookup(prefixes[i] | 200);
            assertThat(valid(w, i, prefixes[i] | 200, background)).isTrue();
        }
    }

    private static boolean valid(final int word, final int index, final int address, final int background)
    {
        if (word == background)
        {
            return true;
        }
        if (RouteWord.prefixLength(word) == 24)
        {
            return RouteWord.groupId(word) == 1000 + index;
        }
        return RouteWord.prefixLength(word) == 26 && RouteWord.groupId(word) == 5000 + index && (address & 0xff) < 64;
    }
}
