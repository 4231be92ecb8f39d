/**
 * The compiler from the resolved model to the FIB's L7 sections ({@link dev.wirespeed.control.compile.L7Compiler}),
 * the request view over {@link dev.wirespeed.control.model.HttpRequest}, the decision materializer and
 * the {@link dev.wirespeed.control.compile.CompiledRouter} convenience the embedding API calls.
 */
package dev.wirespeed.control.compile;
