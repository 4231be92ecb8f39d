/**
 * The control plane: config loading and validation, the resolved model, the compiler from model to FIB,
 * and the reference interpreter. Nothing here knows threads.
 */
package dev.wirespeed.control;
