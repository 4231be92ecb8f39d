/**
 * JMH benchmarks of L7 route decisions: the compiled FIB's fast lookup against the reference
 * interpreter on the same model and requests.
 */
package dev.wirespeed.benchmarks.l7;
