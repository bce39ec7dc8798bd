/**
 * What clustering needs beyond MLlib's k-means, on vectors held in memory where a sample is enough:
 * choosing k ({@link dev.sparkembed.cluster.KSweep} fits k-means at each k, {@link
 * dev.sparkembed.cluster.GapStatistic} compares those fits with fits on rows with no clusters), a
 * 2-D map that shows clusters ({@link dev.sparkembed.cluster.BarnesHutTsne}, with {@link
 * dev.sparkembed.cluster.Projection} for PCA and {@link dev.sparkembed.cluster.MapQuality} to
 * measure how many neighbours a map keeps), keywords that tell clusters apart ({@link
 * dev.sparkembed.cluster.ClusterKeywords}, class-based TF-IDF), the TF-IDF features of the baseline
 * ({@link dev.sparkembed.cluster.TfIdfFeatures}) and agreement with true labels ({@link
 * dev.sparkembed.cluster.ClusteringMetrics}: NMI, ARI, purity).
 */
package dev.sparkembed.cluster;
