/**
 * Routing models built in code: the seed example of the project (reviews v1/v2), a Bookinfo-like model,
 * and a seeded random generator of models and requests. Used by the differential tests, unit tests and
 * benchmarks; nothing here is read on a forwarding path.
 */
package dev.wirespeed.control.sample;
