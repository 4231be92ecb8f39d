/**
 * {@code wirespeed diff}: the same trace or capture through two configs, record by record, with the forwarding
 * code replay uses, and what changed grouped by (old to new) action, cluster and status.
 */
package dev.wirespeed.sim.diff;
