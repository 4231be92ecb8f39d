/**
 * The embedding API: {@link dev.wirespeed.sim.Engine} loads configuration (YAML files, directories or
 * strings, or a model built in code), compiles it into the off-heap FIB and routes requests and packets
 * through it; {@link dev.wirespeed.sim.EngineConfigException} reports every problem of a configuration
 * that does not load or compile. The sub-packages generate synthetic input, read and write traces and
 * captures, and replay them.
 */
package dev.wirespeed.sim;
