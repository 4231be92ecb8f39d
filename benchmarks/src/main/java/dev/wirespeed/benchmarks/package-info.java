/** JMH benchmarks, mirroring the main packages, with the reference implementations as baselines. */
package dev.wirespeed.benchmarks;
