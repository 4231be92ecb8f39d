/**
 * The discrete-event core: event queues over primitive arrays with integer-nanosecond time and FIFO order
 * among equal times (a timing wheel, and a binary heap as the reference), and the payload layout.
 */
package dev.wirespeed.sim.net.event;
