/**
 * {@code wirespeed flink}: the command line of the scale-out job (the main class of the job jar, so
 * {@code java -jar}, the {@code wirespeed} launcher and {@code flink run} all start it).
 */
package dev.wirespeed.flink.cli;
