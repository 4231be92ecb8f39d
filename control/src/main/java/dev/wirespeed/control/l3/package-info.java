/**
 * The L3 control plane: the routes-file parser ({@link dev.wirespeed.control.l3.RoutesFileParser}),
 * validation of {@code RouteTable} specs and the compiler ({@link dev.wirespeed.control.l3.L3Compiler})
 * from {@link dev.wirespeed.control.model.RouteTableSpec}s to the L3 sections of the FIB (LPM tables,
 * next-hop groups, local addresses). Errors are values ({@link dev.wirespeed.control.l3.L3Diagnostic}),
 * all collected, each with its file:line[:column].
 */
package dev.wirespeed.control.l3;
