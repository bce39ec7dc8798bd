/**
 * The cluster job's steps, each testable alone and composed in order by {@link
 * dev.sparkembed.jobs.ClusterJob}: {@link dev.sparkembed.jobs.cluster.ClusterDocuments} (read),
 * {@link dev.sparkembed.jobs.cluster.KChoice} (choose k), {@link
 * dev.sparkembed.jobs.cluster.ClusterFit} (fit), {@link dev.sparkembed.jobs.cluster.ClusterDescriptions}
 * (sizes, keywords, representatives, labels), {@link dev.sparkembed.jobs.cluster.ClusterQuality}
 * (silhouette; NMI, ARI and purity against a TF-IDF baseline), {@link
 * dev.sparkembed.jobs.cluster.ClusterMap} (the 2-D map) and {@link
 * dev.sparkembed.jobs.cluster.ClusterOutputs} (write).
 */
package dev.sparkembed.jobs.cluster;
