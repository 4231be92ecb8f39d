/**
 * The compiled path's JWT validation (Istio's RequestAuthentication as Envoy's {@code jwt_authn} filter enforces it):
 * providers, key sets, token checks and the per-worker stage with its token cache. docs/routing.md "Request
 * authentication".
 */
package dev.wirespeed.fib.jwt;
