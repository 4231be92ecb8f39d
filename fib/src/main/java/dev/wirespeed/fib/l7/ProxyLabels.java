package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * The client's labels as Istio has them on its proxy (its {@code AugmentLabels} of the Pod's labels and of the proxy,
 * docs/routing.md "The client's labels"): every stage reads a source label through here
 * ({@link RequestScratch#sourceLabel}), so a VirtualService's {@code sourceLabels}, a Sidecar's or DestinationRule's
 * {@code workloadSelector} and a {@code failoverPriority} all see the same labels. Over the request's own labels:
 * <ul>
 * <li>{@code topology.istio.io/cluster} is the cluster id ({@code Kubernetes}), or, for a sidecar's request whose
 * source address is a remote cluster's Pod's ({@link L7Layout#K_REMOTE_CLIENTS}), that cluster's id;</li>
 * <li>{@code topology.istio.io/network}, absent or empty, is a remote cluster's Pod's network when it has one, else
 * the proxy's network when there is one, else (a sidecar's request) the {@code fromCidr} network of the Pod with its
 * source address when there is one;</li>
 * <li>{@code topology.kubernetes.io/region}, {@code zone} and {@code topology.istio.io/subzone} are the non-empty
 * parts of the Pod's locality label ({@code topology.istio.io/locality} when present, else {@code istio-locality};
 * split on {@code /} when it holds one, else on {@code .}) when it has them.</li>
 * </ul>
 * A label Istio writes is handed out as a handle the request view does not know, which only {@link RequestScratch}
 * reads: {@code -2 - id} for a string of the pool, {@code PART_HANDLE + k} for part {@code k} of the locality label,
 * copied here. Reads the label ids of the {@code CLUSTERS} header; allocates nothing once its part buffers have
 * grown to the longest part seen.
 */
final class ProxyLabels
{
    /** Handle of the locality label's region; + 1 its zone, + 2 its subzone. */
    static final int PART_HANDLE = Integer.MIN_VALUE;

    private final int clusterLabel;
    private final int clusterId;
    private final int networkLabel;
    private final int proxyNetwork;
    private final SourceAddressTable placed; // the fromCidr network of a Pod's addresses, empty when none matters
    private final SourceAddressTable remote; // the record of a remote cluster's Pod's addresses
    private final IndexedTable clusters;
    private int remoteRecord = -2; // the request's remote-client record, -1 none, -2 not looked up yet
    private final int meshId;
    private final int regionLabel;
    private final int zoneLabel;
    private final int subzoneLabel;
    private final int localityLabel;
    private final int oldLocalityLabel;
    private final byte[][] parts = {new byte[32], new byte[32], new byte[32]};
    private final int[] partLengths = new int[3]; // -1: the Pod's locality label has no such non-empty part
    private boolean localityRead; // the locality label is read at most once a request

    ProxyLabels(final IndexedTable clusters, final StringPool strings)
    {
        this.clusterLabel = clusters.intAt(K_CLUSTER_LABEL);
        this.clusterId = clusters.intAt(K_CLUSTER_ID);
        this.networkLabel = clusters.intAt(K_NETWORK_LABEL);
        final int network = clusters.intAt(K_PROXY_NETWORK);
        this.proxyNetwork = strings.length(network) == 0 ? -1 : network;
        this.placed = new SourceAddressTable(clusters, clusters.intAt(K_CLIENT_NETWORKS));
        this.remote = new SourceAddressTable(clusters, clusters.intAt(K_REMOTE_CLIENTS));
        this.clusters = clusters;
        final byte[] mesh = {'m', 'e', 's', 'h'};
        this.meshId = strings.find(mesh, 0, mesh.length, false);
        this.regionLabel = clusters.intAt(K_REGION_LABEL);
        this.zoneLabel = clusters.intAt(K_ZONE_LABEL);
        this.subzoneLabel = clusters.intAt(K_SUBZONE_LABEL);
        this.localityLabel = clusters.intAt(K_LOCALITY_LABEL);
        this.oldLocalityLabel = clusters.intAt(K_OLD_LOCALITY_LABEL);
    }

    /**
     * @param q      the scratch (the request, and its value buffer, which this may overwrite).
     * @param nameId a label name's string id.
     * @return the handle of the client's value of that label, -1 when it has none.
     */
    int label(final RequestScratch q, final int nameId)
    {
        if (nameId == clusterLabel)
        {
            final int rec = remoteRecord(q);
            return -2 - (rec < 0 ? clusterId : clusters.intAt(rec + RC_CLUSTER));
        }
        final int written = q.writtenSourceLabel(nameId);
        if (nameId == networkLabel)
        {
            if (written >= 0 && q.req.length(written) > 0)
            {
                return written;
            }
            final int rec = remoteRecord(q);
            if (rec >= 0)
            {
                final int network = clusters.intAt(rec + RC_NETWORK);
                return network >= 0 ? -2 - network : written;
            }
            if (proxyNetwork >= 0)
            {
                return -2 - proxyNetwork;
            }
            final int cidr = placed.isEmpty() || q.gwId != meshId || q.gwId < 0 ? -1 : placed.lookup(q, -1);
            return cidr >= 0 ? -2 - cidr : written;
        }
        final int k = nameId == regionLabel ? 0 : nameId == zoneLabel ? 1 : nameId == subzoneLabel ? 2 : -1;
        if (k < 0)
        {
            return written;
        }
        if (!localityRead)
        {
            readLocality(q);
        }
        return partLengths[k] > 0 ? PART_HANDLE + k : written;
    }

    /**
     * @param q the scratch.
     * @return the string id of the {@code NETWORK} metadata of a remote cluster's Pod that sent the request (the
     *         network filter reads it when the request writes no network label), -2 when the client is the config
     *         cluster's.
     */
    int remoteMetadataNetwork(final RequestScratch q)
    {
        final int rec = remoteRecord(q);
        return rec < 0 ? -2 : clusters.intAt(rec + RC_METADATA_NETWORK);
    }

    /**
     * @return 1 + the index of the cluster of the remote cluster's Pod that sent a sidecar's request among the remote
     *         clients' clusters ({@code RC_CLUSTER_ORDINAL}), 0 when the client is the config cluster's.
     */
    int remoteClusterOrdinal(final RequestScratch q)
    {
        final int rec = remoteRecord(q);
        return rec < 0 ? 0 : clusters.intAt(rec + RC_CLUSTER_ORDINAL);
    }

    /** @return the record of the remote cluster's Pod that sent a sidecar's request, -1 for none (once a request). */
    private int remoteRecord(final RequestScratch q)
    {
        if (remoteRecord == -2)
        {
            remoteRecord = remote.isEmpty() || q.gwId != meshId || q.gwId < 0 ? -1 : remote.lookup(q, -1);
        }
        return remoteRecord;
    }

    /**
     * A new request: its Pod's locality label is read again when a locality label is next asked for, and its
     * remote-client record looked up again when first needed.
     */
    void forget()
    {
        localityRead = false;
        remoteRecord = -2;
    }

    /** Copies the non-empty parts of the Pod's locality label (none without the label). */
    private void readLocality(final RequestScratch q)
    {
        localityRead = true;
        partLengths[0] = -1;
        partLengths[1] = -1;
        partLengths[2] = -1;
        int handle = q.writtenSourceLabel(localityLabel);
        if (handle < 0)
        {
            handle = q.writtenSourceLabel(oldLocalityLabel);
        }
        if (!q.loadHandle(handle))
        {
            return;
        }
        final byte[] v = q.val;
        final int n = q.valLen;
        byte sep = '.';
        for (int i = 0; i < n; i++)
        {
            if (v[i] == '/')
            {
                sep = '/';
                break;
            }
        }
        int start = 0;
        for (int k = 0; k < 3 && start <= n; k++)
        {
            int end = start;
            while (end < n && v[end] != sep)
            {
                end++;
            }
            if (end > start)
            {
                parts[k] = RequestScratch.ensure(parts[k], end - start);
                System.arraycopy(v, start, parts[k], 0, end - start);
                partLengths[k] = end - start;
            }
            start = end + 1; // past the separator (past the end when there is none: no more parts)
        }
    }

    /** @return whether a handle is one of this class's (not the request view's, nor -1). */
    static boolean owns(final int handle)
    {
        return handle < -1;
    }

    /** @return the pool string id of a handle of {@link #owns}, -1 for a locality part. */
    static int poolId(final int handle)
    {
        return handle < PART_HANDLE + 3 ? -1 : -2 - handle;
    }

    /** @return the bytes of a locality part's handle (its length: {@link #partLength}). */
    byte[] part(final int handle)
    {
        return parts[handle - PART_HANDLE];
    }

    int partLength(final int handle)
    {
        return partLengths[handle - PART_HANDLE];
    }
}
