/**
 * Naive reference implementations of the L3 tables, written for clarity rather than speed: the
 * baseline that differential tests and benchmarks compare the fast tables against.
 */
package dev.wirespeed.fib.l3.reference;
