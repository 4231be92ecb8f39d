/**
 * Output files at the edges of a replay: streams that name their file in every write error, so a full disk, a
 * closed pipe or an I/O error ends the command with one line naming the file, never a bare "No space left".
 */
package dev.wirespeed.sim.io;
