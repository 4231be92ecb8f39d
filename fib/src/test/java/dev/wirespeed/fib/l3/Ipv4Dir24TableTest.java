package dev.wirespeed.fib.l3;

import dev.wirespeed.fib.FibImage;
import org.junit.jupiter.api.Test;

import static dev.wirespeed.fib.l3.L3TestImages.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4Dir24TableTest
{
    private static Ipv4Dir24Table table(final Ipv4LpmBuilder b, final FibImage[] holder)
    {
        holder[0] = L3TestImages.image(b, null, null, null);
        return new Ipv4Dir24Table(holder[0]);
    }

    private final FibImage[] image = new FibImage[1];

    @org.junit.jupiter.api.AfterEach
    void close()
    {
        if (image[0] != null)
        {
            image[0].close();
        }
    }

    @Test
    void shouldMatchEverythingWithADefaultRouteAndNothingWithout()
    {
        final Ipv4Dir24Table withDefault = table(new Ipv4LpmBuilder().add(0, 0, 5), image);
        assertThat(withDefault.lookup(ip("1.2.3.4"))).isEqualTo(RouteWord.of(5, 0));
        assertThat(withDefault.lookup(ip("255.255.255.255"))).isEqualTo(RouteWord.of(5, 0));
        image[0].close();
        final Ipv4Dir24Table empty = table(new Ipv4LpmBuilder().add(ip("10.0.0.0"), 8, 1), image);
        assertThat(empty.lookup(ip("11.0.0.0"))).isEqualTo(RouteWord.MISS);
    }

    @Test
    void shouldMatchA32HostRouteOnlyForThatAddress()
    {
        final Ipv4LpmBuilder routes = new Ipv4LpmBuilder().add(ip("10.0.0.0"), 8, 1).add(ip("10.1.2.3"), 32, 2);
        final Ipv4Dir24Table t = table(routes, image);
        assertThat(t.lookup(ip("10.1.2.3"))).isEqualTo(RouteWord.of(2, 32));
        assertThat(t.lookup(ip("10.1.2.2"))).isEqualTo(RouteWord.of(1, 8));
        assertThat(t.lookup(ip("10.1.2.4"))).isEqualTo(RouteWord.of(1, 8));
        assertThat(t.tbl8Groups()).isEqualTo(1);
    }

    @Test
    void shouldPreferA24UnderA8UnderADefault()
    {
        final Ipv4Dir24Table t = table(new Ipv4LpmBuilder()
                .add(ip("10.1.2.0"), 24, 3).add(0, 0, 1).add(ip("10.0.0.0"), 8, 2), image);
        assertThat(RouteWord.groupId(t.lookup(ip("10.1.2.200")))).isEqualTo(3);
        assertThat(RouteWord.groupId(t.lookup(ip("10.1.3.1")))).isEqualTo(2);
        assertThat(RouteWord.groupId(t.lookup(ip("11.1.2.3")))).isEqualTo(1);
        assertThat(RouteWord.prefixLength(t.lookup(ip("10.1.3.1")))).isEqualTo(8);
    }

    @Test
    void shouldSplitA24sTbl8GroupWithA25()
    {
        final Ipv4Dir24Table t = table(new Ipv4LpmBuilder()
                .add(ip("192.168.1.0"), 24, 1).add(ip("192.168.1.128"), 25, 2), image);
        assertThat(t.lookup(ip("192.168.1.127"))).isEqualTo(RouteWord.of(1, 24));
        assertThat(t.lookup(ip("192.168.1.128"))).isEqualTo(RouteWord.of(2, 25));
        assertThat(t.lookup(ip("192.168.1.255"))).isEqualTo(RouteWord.of(2, 25));
        assertThat(t.lookup(ip("192.168.2.0"))).isEqualTo(RouteWord.MISS);
        assertThat(t.tbl8Groups()).isEqualTo(1);
    }

    @Test
    void shouldFallBackToTheNextShorterRouteWhenACoveringRouteIsRemoved()
    {
        final Ipv4LpmBuilder b = new Ipv4LpmBuilder()
                .add(0, 0, 1).add(ip("10.0.0.0"), 8, 2).add(ip("10.1.0.0"), 16, 3).add(ip("10.1.1.0"), 26, 4);
        b.remove(ip("10.0.0.0"), 8);
        final Ipv4Dir24Table t = table(b, image);
        assertThat(t.lookup(ip("10.2.0.1"))).isEqualTo(RouteWord.of(1, 0));
        assertThat(t.lookup(ip("10.1.9.9"))).isEqualTo(RouteWord.of(3, 16));
        assertThat(t.lookup(ip("10.1.1.1"))).isEqualTo(RouteWord.of(4, 26));
        assertThat(t.lookup(ip("10.1.1.100"))).isEqualTo(RouteWord.of(3, 16));
        assertThat(t.routeCount()).isEqualTo(3);
        image[0].close();
        b.remove(0, 0);
        final Ipv4Dir24Table t2 = table(b, image);
        assertThat(t2.lookup(ip("10.2.0.1"))).isEqualTo(RouteWord.MISS);
        assertThat(t2.lookup(ip("10.1.1.1"))).isEqualTo(RouteWord.of(4, 26));
    }

    @Test
    void shouldLetTheLastAddOfAPrefixWin()
    {
        final Ipv4Dir24Table t = table(new Ipv4LpmBuilder().add(ip("10.0.0.0"), 8, 1).add(ip("10.0.0.0"), 8, 7), image);
        assertThat(t.lookup(ip("10.9.9.9"))).isEqualTo(RouteWord.of(7, 8));
        assertThat(t.routeCount()).isEqualTo(1);
    }

    @Test
    void shouldRejectAPrefixWithHostBitsSet()
    {
        assertThatThrownBy(() -> new Ipv4LpmBuilder().add(ip("10.0.0.1"), 8, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host bits");
    }

    @Test
    void shouldAnswerBatchedLookupsExactlyLikeSingleOnes()
    {
        final Ipv4Dir24Table t = table(new Ipv4LpmBuilder()
                .add(ip("10.0.0.0"), 8, 1).add(ip("10.1.1.0"), 30, 2).add(ip("172.16.0.0"), 12, 3), image);
        final int[] addresses = {ip("10.1.1.1"), ip("10.1.1.5"), ip("172.20.0.1"), ip("8.8.8.8"), ip("10.1.1.3")};
        final int[] results = new int[addresses.length + 1];
        t.lookupBatch(addresses, 0, addresses.length, results, 1);
        for (int i = 0; i < addresses.length; i++)
        {
            assertThat(results[i + 1]).isEqualTo(t.lookup(addresses[i]));
        }
        final int[] sixteen = new int[17];
        for (int i = 0; i < sixteen.length; i++)
        {
            sixteen[i] = addresses[i % addresses.length] + (i / addresses.length);
        }
        final int[] out = new int[16];
        t.lookup16(sixteen, 1, out, 0);
        for (int i = 0; i < 16; i++)
        {
            assertThat(out[i]).isEqualTo(t.lookup(sixteen[i + 1]));
        }
    }
}
