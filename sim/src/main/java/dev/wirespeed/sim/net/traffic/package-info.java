/**
 * Traffic sources: constant-bit-rate and Poisson UDP flows between hosts, and sidecar hosts whose requests
 * are routed by the L7 FIB before their packets enter the fabric.
 */
package dev.wirespeed.sim.net.traffic;
