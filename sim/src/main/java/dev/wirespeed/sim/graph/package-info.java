/**
 * The mesh as a graph: gateways → hosts → VirtualServices → routes → clusters → endpoints, built from
 * the resolved routing model ({@link dev.wirespeed.sim.graph.MeshGraphBuilder}), optionally weighted by
 * the decisions of a request trace ({@link dev.wirespeed.sim.graph.TrafficOverlay}), laid out in columns
 * ({@link dev.wirespeed.sim.graph.GraphLayout}) and written as SVG, a self-contained HTML page or
 * Graphviz DOT ({@link dev.wirespeed.sim.graph.GraphWriters}).
 */
package dev.wirespeed.sim.graph;
