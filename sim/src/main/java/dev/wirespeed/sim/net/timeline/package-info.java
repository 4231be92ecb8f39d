/**
 * The simulation's timeline: link failures and repairs, route withdrawals and announcements, and
 * configuration swaps, each applied at its simulated time.
 */
package dev.wirespeed.sim.net.timeline;
