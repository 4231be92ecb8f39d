/**
 * The replay job: the engine functions (one embedded engine per parallel instance), the decision sink, the
 * summaries and the conservation counters, and the merge that restores input order.
 */
package dev.wirespeed.flink.job;
