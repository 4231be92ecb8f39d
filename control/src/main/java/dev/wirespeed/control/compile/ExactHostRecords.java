package dev.wirespeed.control.compile;

import dev.wirespeed.fib.l7.IndexedTableWriter;
import dev.wirespeed.fib.l7.StringPool;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * Writes the host stage's exact host records (L7Layout's {@code HOST_HASH} keys): for every gateway and exact
 * VirtualService host that no alias rule rewrites and that is no service address, a record
 * {@code { next, length, hostId, service, host bytes, candidate list }} filed under the 64-bit hash of the host.
 * A request to such a host finds its string id, its registry service and its virtual-host candidates with one
 * index probe and one record, where the general path reads the string pool's slot and bytes, then the
 * {@code HOST_EXACT} slot and list (docs/fib.md). The general keys stay: aliases, wildcards and the hosts left
 * out here use them.
 */
final class ExactHostRecords
{
    private ExactHostRecords()
    {
    }

    /**
     * @param ctx        the compile context (its pool holds the hosts).
     * @param hostStage  the HOST_STAGE writer, with the service keys already written.
     * @param candidates every host-stage candidate list by key, in load order.
     * @param flags      the HC_* flags of each VirtualService, by index.
     */
    static void write(final CompileContext ctx, final IndexedTableWriter hostStage,
            final Map<Long, List<Integer>> candidates, final int[] flags)
    {
        final Map<Long, Integer> tails = new HashMap<>();
        for (final Map.Entry<Long, List<Integer>> e : candidates.entrySet())
        {
            final long key = e.getKey();
            if ((int)(key >>> 60) != KEY_HOST_EXACT)
            {
                continue;
            }
            final int gatewayId = (int)(key >>> 30) & 0x3FFFFFFF;
            final int hostId = (int)key & 0x3FFFFFFF;
            final byte[] host = ctx.pool.bytes(hostId);
            if (!keptAsWritten(host) || hostStage.get(hostKey(KEY_SVC_BY_ADDRESS, 0, hostId)) >= 0)
            {
                continue; // the lookup rewrites such a host (docs/routing.md): it takes the general path
            }
            final int ref = hostStage.addInt(-1);
            hostStage.addInt(host.length);
            hostStage.addInt(hostId);
            hostStage.addInt(hostStage.get(hostKey(KEY_SVC_BY_HOST, 0, hostId)));
            final ByteBuffer packed = ByteBuffer.allocate((host.length + 3) & ~3).order(ByteOrder.nativeOrder());
            packed.put(host).rewind();
            while (packed.hasRemaining())
            {
                hostStage.addInt(packed.getInt());
            }
            hostStage.addInt(e.getValue().size());
            for (final int v : e.getValue())
            {
                hostStage.addInt(v);
                hostStage.addInt(flags[v]);
            }
            final long hashKey = hostHashKey(gatewayId, StringPool.hash64(host, 0, host.length, false));
            final Integer tail = tails.put(hashKey, ref);
            if (tail == null)
            {
                hostStage.put(hashKey, ref);
            }
            else
            {
                hostStage.setInt(tail + EH_NEXT, ref); // a 60-bit collision: the lookup compares the bytes
            }
        }
    }

    /**
     * @param host a host's bytes.
     * @return whether the host stage keeps it as written: more than two dots, or two and no {@code .svc} ending.
     */
    static boolean keptAsWritten(final byte[] host)
    {
        int dots = 0;
        for (final byte b : host)
        {
            if (b == '.')
            {
                dots++;
            }
        }
        final int n = host.length;
        final boolean svc = n >= 4 && host[n - 4] == '.' && host[n - 3] == 's' && host[n - 2] == 'v'
                && host[n - 1] == 'c';
        return dots > 2 || dots == 2 && !svc;
    }
}
