package dev.wirespeed.sim.net.fabric;

/** What a simulated node is. */
public enum NodeKind
{
    /** Sends and receives packets; never forwards. */
    HOST,
    /** A host whose outgoing requests are routed by the L7 FIB (an Istio sidecar). */
    SIDECAR,
    /** Forwards with its own L3 FIB. */
    SWITCH
}
