/**
 * The L7 (HTTP) sections of the FIB and their lookup: host stage, URI-prefix hash stage, candidate-list
 * classifier, actions, clusters, endpoints, TCP routes and the string pool. Layouts are described in
 * {@link dev.wirespeed.fib.l7.L7Layout} and {@code docs/fib.md}; the semantics they implement are in
 * {@code docs/routing.md}. {@link dev.wirespeed.fib.l7.L7Lookup} walks them for one request read
 * through an {@link dev.wirespeed.fib.l7.L7RequestView} and writes an {@link dev.wirespeed.fib.l7.L7Result}.
 */
package dev.wirespeed.fib.l7;
