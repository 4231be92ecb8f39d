/**
 * The resolved model: Istio and registry objects after loading and validation, with host names
 * resolved and defaults applied. The compiler turns it into a FIB; the reference interpreter evaluates
 * it directly. Semantics are specified in {@code docs/routing.md}.
 */
package dev.wirespeed.control.model;
