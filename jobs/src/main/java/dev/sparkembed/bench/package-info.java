/**
 * The benchmarks behind BENCHMARKS.md: measurements run side by side in one process, so that the
 * figures are ratios on a noisy machine (engine ceiling vs. embed job vs. a naive UDF, int8
 * fidelity, exact vs. IVF vs. LSH joins, classification at scale and applying a classifier
 * vs. reading and writing the same rows, how auto-k's choice compares with the best NMI over k,
 * the t-SNE map against PCA).
 */
package dev.sparkembed.bench;
