package dev.wirespeed.fib.l7;

import static dev.wirespeed.fib.l7.L7Layout.*;

/**
 * A cluster's {@code failoverPriority} (Istio's {@code applyFailoverPriorities}, docs/routing.md §4): an endpoint's
 * priority is how far its values of the listed labels agree with the client's, in order (a {@code name=value} entry
 * compares with {@code value}); Envoy sends every request to the best priority, and with no failures that is the
 * endpoints agreeing with the client on the longest prefix of the labels. The compiler lays those sets out as a
 * trie over the labels' values whose every node holds its endpoints as a cluster record of their own; the client's
 * values walk it down as far as a child has its value. When the first label is the network and no endpoint has the
 * client's, Istio compares the other labels all the same: the walk goes on in a second trie over the labels after
 * the network. Reads a choice record in {@code CLUSTERS}; returns the cluster record whose endpoints are the
 * candidates.
 */
final class PriorityChoice
{
    private final IndexedTable clusters;
    private final LocalityChoice client;

    /** @param client reads the client's source labels. */
    PriorityChoice(final IndexedTable clusters, final LocalityChoice client)
    {
        this.clusters = clusters;
        this.client = client;
    }

    /**
     * @param rec a choice record of kind {@link L7Layout#CHOICE_PRIORITY}.
     * @return the cluster (index) holding the endpoints of the client's best priority.
     */
    int choose(final int rec)
    {
        final int labels = clusters.intAt(rec + PR_LABEL_COUNT);
        int node = clusters.intAt(rec + PR_ROOT);
        for (int j = 0; j < labels; j++)
        {
            final int child = child(node, value(rec + PR_LABELS + 2 * j));
            if (child >= 0)
            {
                node = child;
            }
            else if (j == 0 && clusters.intAt(rec + PR_NETWORK_FIRST) != 0)
            {
                node = clusters.intAt(rec + PR_ALT_ROOT); // every endpoint is on another network: the rest decides
            }
            else
            {
                break; // all of this node's endpoints differ from the client at label j: one priority
            }
        }
        return clusters.intAt(node + PN_CLUSTER);
    }

    /** @return the node's child for a value, -1 for none. */
    private int child(final int node, final int value)
    {
        final int count = clusters.intAt(node + PN_CHILD_COUNT);
        for (int k = 0; k < count; k++)
        {
            final int e = node + PN_CHILDREN + 2 * k;
            if (clusters.intAt(e) == value)
            {
                return clusters.intAt(e + 1);
            }
        }
        return -1;
    }

    /**
     * @return the client's value of a listed label: the entry's own value, else its label as Istio has it on the
     *         proxy ({@link ProxyLabels}; absent: {@code ""}).
     */
    private int value(final int label)
    {
        final int override = clusters.intAt(label + 1);
        return override >= 0 ? override : client.part(clusters.intAt(label));
    }
}
