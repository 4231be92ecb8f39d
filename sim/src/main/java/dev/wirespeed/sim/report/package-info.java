/**
 * The replay report ({@code replay --report FILE.html}): tallies kept by index on the replay's writer thread
 * (traffic over trace time, top talkers by 5-tuple) and a self-contained HTML page with inline SVG charts.
 */
package dev.wirespeed.sim.report;
