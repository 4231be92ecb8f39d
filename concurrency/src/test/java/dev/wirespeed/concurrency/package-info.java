/**
 * jcstress tests of the pipeline's concurrent structures: the SPSC descriptor ring's publication and the FIB
 * generation exchange's publication and reclamation. {@code JcstressTest} runs them in a short mode in the build.
 */
package dev.wirespeed.concurrency;
