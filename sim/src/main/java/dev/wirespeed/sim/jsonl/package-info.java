/**
 * JSONL request traces in, JSONL decisions out: the text formats of docs/formats.md. One record a line;
 * a bad line becomes a counted {@code bad-record} drop, never an exception.
 */
package dev.wirespeed.sim.jsonl;
