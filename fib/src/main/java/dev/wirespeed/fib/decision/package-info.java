/**
 * The decision vocabulary: every action and reason code a stage writes, defined once with its
 * kebab-case name and disposition (as Aeron's {@code SystemCounterDescriptor} defines its counters).
 * The L3 and L7 lookups, the packet parser, the pipeline, the counters and the decision writers all use
 * these numbers; nothing translates them.
 */
package dev.wirespeed.fib.decision;
