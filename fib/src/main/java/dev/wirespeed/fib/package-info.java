/**
 * The FIB image: one flat, immutable, off-heap region made of sections, and the read-only table
 * flyweights over those sections. Nothing here knows YAML or threads.
 */
package dev.wirespeed.fib;
