/**
 * What clustering needs beyond MLlib's k-means: TF-IDF keywords that describe a cluster ({@link
 * dev.sparkembed.cluster.ClusterKeywords}) and agreement with true labels (NMI, ARI, purity in
 * {@link dev.sparkembed.cluster.ClusteringMetrics}).
 */
package dev.sparkembed.cluster;
