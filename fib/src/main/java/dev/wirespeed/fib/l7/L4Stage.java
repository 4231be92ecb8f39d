package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * TCP (L4) routes (reads {@code L4_ROUTES}): for a request to a port its service declares non-HTTP, the
 * chosen virtual host's TCP match blocks in order (port, source namespace, source labels, gateways,
 * destination subnets of the service's first address); the first that holds gives the route. Next:
 * {@link ClusterStage}.
 */
final class L4Stage
{
    final IndexedTable l4;
    private final HostStage hostStage;
    private final StringPool strings;
    private final RequestScratch q;
    private final int vsStart;

    L4Stage(final IndexedTable l4, final HostStage hostStage, final StringPool strings, final RequestScratch q)
    {
        this.l4 = l4;
        this.hostStage = hostStage;
        this.strings = strings;
        this.q = q;
        this.vsStart = l4.intAt(L_VS_START);
    }

    /**
     * @param vs a virtual host.
     * @return whether it has TCP routes.
     */
    boolean hasRoutes(final int vs)
    {
        return l4.intAt(vsStart + vs * LV_SIZE + LV_BLOCK_COUNT) > 0;
    }

    /**
     * @param vs  a virtual host with TCP routes.
     * @param svc the destination service.
     * @return the matching route record (index into the int area), or -1.
     */
    int match(final int vs, final int svc)
    {
        final int lv = vsStart + vs * LV_SIZE;
        final int count = l4.intAt(lv + LV_BLOCK_COUNT);
        final int start = l4.intAt(lv + LV_BLOCK_START);
        for (int b = 0; b < count; b++)
        {
            final int blk = start + b * L4_BLOCK_SIZE;
            if (l4BlockHolds(blk, svc))
            {
                return l4.intAt(blk + LB_ROUTE);
            }
        }
        return -1;
    }

    boolean l4BlockHolds(final int blk, final int svc)
    {
        final int port = l4.intAt(blk + LB_PORT);
        if (port != 0 && port != q.res.requestPort)
        {
            return false;
        }
        final int ns = l4.intAt(blk + LB_NAMESPACE);
        if (ns != -1 && ns != q.nsId)
        {
            return false;
        }
        final int labels = l4.intAt(blk + LB_LABEL_COUNT);
        final int lstart = l4.intAt(blk + LB_LABEL_START);
        for (int k = 0; k < labels; k++)
        {
            if (!q.loadHandle(q.sourceLabel(l4.intAt(lstart + 2 * k)))
                    || !strings.equalsBytes(l4.intAt(lstart + 2 * k + 1), q.val, 0, q.valLen, false))
            {
                return false;
            }
        }
        final int gws = l4.intAt(blk + LB_GW_COUNT);
        if (gws > 0)
        {
            final int gstart = l4.intAt(blk + LB_GW_START);
            boolean found = false;
            for (int k = 0; k < gws && !found; k++)
            {
                found = l4.intAt(gstart + k) == q.gwId;
            }
            if (!found)
            {
                return false;
            }
        }
        final int subnets = l4.intAt(blk + LB_SUBNET_COUNT);
        if (subnets > 0)
        {
            final int sstart = l4.intAt(blk + LB_SUBNET_START);
            final int s = hostStage.serviceRecord(svc);
            final int family = hostStage.hosts.intAt(s + SVC_FAMILY);
            boolean found = false;
            for (int k = 0; k < subnets && !found; k++)
            {
                final int sn = sstart + k * SUBNET_SIZE;
                found = family != 0 && l4.intAt(sn) == family && inSubnet(s, sn, l4.intAt(sn + 1));
            }
            return found;
        }
        return true;
    }

    boolean inSubnet(final int svcRec, final int subnet, final int prefixLength)
    {
        int remaining = prefixLength;
        for (int w = 0; w < 4 && remaining > 0; w++)
        {
            final int bits = Math.min(32, remaining);
            final int mask = bits == 32 ? -1 : ~(-1 >>> bits);
            if ((hostStage.hosts.intAt(svcRec + SVC_ADDR + w) & mask) != (l4.intAt(subnet + 2 + w) & mask))
            {
                return false;
            }
            remaining -= bits;
        }
        return true;
    }
}
