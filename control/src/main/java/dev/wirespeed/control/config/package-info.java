/**
 * Config loading: Kubernetes-style YAML (Istio networking kinds, the Kubernetes Gateway API, core Services,
 * Pods, EndpointSlices and Endpoints, Wirespeed RouteTables) read with position-aware nodes, validated with
 * Istio's (and the Gateway API's) rules and resolved into the
 * {@link dev.wirespeed.control.model.RoutingModel}. Entry point: {@link dev.wirespeed.control.config.ConfigLoader};
 * every finding is a {@link dev.wirespeed.control.config.Diagnostic} printed as
 * {@code file:line:column: error: path: message}. See {@code docs/config.md}.
 */
package dev.wirespeed.control.config;
