package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.l3.reference.BinaryTrieLpm;
import net.openhft.chronicle.bytes.BytesStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compact table ({@link Ipv4Dir17Table}) against the binary-trie reference on random tables whose prefixes
 * cluster inside a few /17s and /24s (so nodes of both levels, both bitmap words and long runs occur), scalar and
 * batched, written at several alignments.
 */
class Ipv4Dir17TableTest
{
    private static final int TABLES = 24;
    private static final int LOOKUPS_PER_TABLE = 6_000;

    @Test
    void shouldAgreeWithTheReferenceOnRandomTables()
    {
        final long seed = L3TestImages.seed("dir17ShouldAgreeWithTheReferenceOnRandomTables");
        final SplittableRandom rnd = new SplittableRandom(seed);
        long lookups = 0;
        for (int t = 0; t < TABLES; t++)
        {
            final Ipv4LpmBuilder routes = new Ipv4LpmBuilder();
            final BinaryTrieLpm ref = BinaryTrieLpm.ipv4();
            final List<int[]> added = randomRoutes(rnd, t, routes, ref);
            final int alignment = 8 * rnd.nextInt(8);
            final BytesStore<?, ?> store = write(Ipv4Dir17Builder.of(routes), alignment);
            try
            {
                final long size = store.capacity() - alignment;
                final Ipv4Dir17Table table = new Ipv4Dir17Table(store, alignment, size);
                table.verify(1 << 20);
                final int[] batch = new int[64];
                final int[] results = new int[64];
                for (int i = 0; i < LOOKUPS_PER_TABLE; i++)
                {
                    final int a = address(rnd, added);
                    final int expected = ref.lookupIpv4(a);
                    assertThat(table.lookup(a)).as("seed %d table %d lookup %s", seed, t, IpText.formatIpv4(a))
                            .isEqualTo(expected);
                    batch[i & 63] = a;
                    if ((i & 63) == 63)
                    {
                        final int count = 1 + rnd.nextInt(64);
                        table.lookupBatch(batch, 0, count, results, 0);
                        for (int k = 0; k < count; k++)
                        {
                            assertThat(results[k]).as("seed %d table %d batch of %d, %s", seed, t, count,
                                    IpText.formatIpv4(batch[k])).isEqualTo(ref.lookupIpv4(batch[k]));
                        }
                        table.lookup16(batch, 48, results, 0);
                        for (int k = 0; k < 16; k++)
                        {
                            assertThat(results[k]).as("seed %d lookup16", seed)
                                    .isEqualTo(ref.lookupIpv4(batch[48 + k]));
                        }
                    }
                    lookups++;
                }
            }
            finally
            {
                store.releaseLast();
            }
        }
        assertThat(lookups).isGreaterThanOrEqualTo(100_000);
    }

    private static List<int[]> randomRoutes(final SplittableRandom rnd, final int t, final Ipv4LpmBuilder routes,
            final BinaryTrieLpm ref)
    {
        final List<int[]> added = new ArrayList<>();
        final int[] anchors = new int[1 + rnd.nextInt(6)];
        for (int i = 0; i < anchors.length; i++)
        {
            anchors[i] = rnd.nextInt();
        }
        if (rnd.nextBoolean())
        {
            routes.add(0, 0, 0);
            ref.addIpv4(0, 0, 0);
        }
        final int count = 1 + rnd.nextInt(t % 3 == 0 ? 40 : 3000);
        for (int i = 0; i < count; i++)
        {
            final int len = rnd.nextInt(3) == 0 ? rnd.nextInt(33) : 17 + rnd.nextInt(16);
            final int spread = rnd.nextBoolean() ? 0x7fff : 0xff; // inside a /17 or inside a /24
            final int base = rnd.nextInt(8) == 0
                    ? rnd.nextInt()
                    : anchors[rnd.nextInt(anchors.length)] ^ (rnd.nextInt() & spread);
            final int address = base & Ipv4LpmBuilder.mask(len);
            final int group = rnd.nextInt(rnd.nextBoolean() ? 4 : 3000);
            routes.add(address, len, group);
            ref.addIpv4(address, len, group);
            added.add(new int[] {address, len});
        }
        for (int i = 0; i < count / 10; i++)
        {
            final int[] r = added.get(rnd.nextInt(added.size()));
            routes.remove(r[0], r[1]);
            ref.removeIpv4(r[0], r[1]);
        }
        return added;
    }

    private static int address(final SplittableRandom rnd, final List<int[]> added)
    {
        if (rnd.nextInt(4) == 0)
        {
            return rnd.nextInt();
        }
        final int[] r = added.get(rnd.nextInt(added.size()));
        final int inside = r[0] | (rnd.nextInt() & ~Ipv4LpmBuilder.mask(r[1]));
        // at the prefix's edges too: its first and last address and the ones just outside
        switch (rnd.nextInt(6))
        {
            case 0:
                return r[0];
            case 1:
                return r[0] | ~Ipv4LpmBuilder.mask(r[1]);
            case 2:
                return r[0] - 1;
            case 3:
                return (r[0] | ~Ipv4LpmBuilder.mask(r[1])) + 1;
            default:
                return inside;
        }
    }

    private static BytesStore<?, ?> write(final Ipv4Dir17Builder builder, final int alignment)
    {
        final BytesStore<?, ?> store = BytesStore.nativeStoreWithFixedCapacity(builder.sizeInBytes() + alignment);
        builder.writeTo(store, alignment);
        return store;
    }

    @Test
    void shouldAnswerTheSecondBitmapWordOfANode()
    {
        final Ipv4LpmBuilder routes = new Ipv4LpmBuilder()
                .add(L3TestImages.ip("10.0.0.0"), 8, 1)
                .add(L3TestImages.ip("10.0.63.0"), 24, 2)   // /24 block 63 of the /17 10.0.0.0/17
                .add(L3TestImages.ip("10.0.64.0"), 24, 3)   // block 64: the first of the second bitmap word
                .add(L3TestImages.ip("10.0.127.128"), 25, 4); // block 127, a level-3 node
        final BytesStore<?, ?> store = write(Ipv4Dir17Builder.of(routes), 0);
        try
        {
            final Ipv4Dir17Table table = new Ipv4Dir17Table(store, 0, store.capacity());
            assertThat(table.lookup(L3TestImages.ip("10.0.62.255"))).isEqualTo(RouteWord.of(1, 8));
            assertThat(table.lookup(L3TestImages.ip("10.0.63.7"))).isEqualTo(RouteWord.of(2, 24));
            assertThat(table.lookup(L3TestImages.ip("10.0.64.7"))).isEqualTo(RouteWord.of(3, 24));
            assertThat(table.lookup(L3TestImages.ip("10.0.65.0"))).isEqualTo(RouteWord.of(1, 8));
            assertThat(table.lookup(L3TestImages.ip("10.0.127.127"))).isEqualTo(RouteWord.of(1, 8));
            assertThat(table.lookup(L3TestImages.ip("10.0.127.200"))).isEqualTo(RouteWord.of(4, 25));
            assertThat(table.lookup(L3TestImages.ip("10.0.128.0"))).isEqualTo(RouteWord.of(1, 8));
            assertThat(table.lookup(L3TestImages.ip("11.0.0.0"))).isEqualTo(RouteWord.MISS);
            assertThat(table.level3Count()).isEqualTo(1);
        }
        finally
        {
            store.releaseLast();
        }
    }

    @Test
    void shouldAnswerMissEverywhereForAnEmptyRouteSet()
    {
        final BytesStore<?, ?> store = write(Ipv4Dir17Builder.of(new Ipv4LpmBuilder()), 0);
        try
        {
            final Ipv4Dir17Table table = new Ipv4Dir17Table(store, 0, store.capacity());
            table.verify(0);
            assertThat(table.lookup(0)).isEqualTo(RouteWord.MISS);
            assertThat(table.lookup(-1)).isEqualTo(RouteWord.MISS);
            assertThat(table.routeCount()).isZero();
        }
        finally
        {
            store.releaseLast();
        }
    }

    @Test
    void verifyShouldRejectAPointerOutsideTheNodes()
    {
        final Ipv4LpmBuilder routes = new Ipv4LpmBuilder().add(L3TestImages.ip("10.0.1.0"), 24, 0);
        final BytesStore<?, ?> store = write(Ipv4Dir17Builder.of(routes), 0);
        try
        {
            final Ipv4Dir17Table table = new Ipv4Dir17Table(store, 0, store.capacity());
            table.verify(1);
            assertThatThrownBy(() -> table.verify(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("route word 1");
            final long entry = Ipv4Dir17Layout.HEADER_SIZE + 4L * (L3TestImages.ip("10.0.1.0") >>> 15);
            store.writeInt(entry, Ipv4Dir17Layout.POINTER_FLAG | 0x7ffffff);
            assertThatThrownBy(() -> table.verify(1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("direct entry " + (L3TestImages.ip("10.0.1.0") >>> 15));
        }
        finally
        {
            store.releaseLast();
        }
    }

    @Test
    void shouldRefuseMoreLeavesThanSixteenBitsHold()
    {
        final Ipv4LpmBuilder routes = new Ipv4LpmBuilder();
        for (int i = 0; i < 70_000; i++)
        {
            routes.add(i << 8, 24, i); // 70,000 distinct route words
        }
        assertThatThrownBy(() -> Ipv4Dir17Builder.of(routes)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IPv4 compact table capacity exceeded");
    }

    @Test
    void shouldRejectASectionOfTheWrongSize()
    {
        final BytesStore<?, ?> store = write(Ipv4Dir17Builder.of(new Ipv4LpmBuilder().add(0, 0, 0)), 0);
        try
        {
            assertThatThrownBy(() -> new Ipv4Dir17Table(store, 0, store.capacity() - 8))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        }
        finally
        {
            store.releaseLast();
        }
    }
}
