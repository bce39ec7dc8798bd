/**
 * The cluster job's steps, each testable alone and composed in order by {@link
 * dev.sparkembed.jobs.ClusterJob}: {@link dev.sparkembed.jobs.cluster.ClusterDocuments} (read),
 * {@link dev.sparkembed.jobs.cluster.KChoice} (choose k, on a {@link
 * dev.sparkembed.jobs.cluster.DriverSample}), {@link
 * dev.sparkembed.jobs.cluster.ClusterFit} (fit), {@link dev.sparkembed.jobs.cluster.ClusterDescriptions}
 * (sizes, keywords, representatives, labels, the overview lines), {@link dev.sparkembed.jobs.cluster.ClusterQuality}
 * (silhouette; NMI, ARI and purity against a TF-IDF baseline), {@link
 * dev.sparkembed.jobs.cluster.ClusterMap} (the t-SNE or PCA map) and {@link
 * dev.sparkembed.jobs.cluster.ClusterOutputs} (write).
 */
package dev.sparkembed.jobs.cluster;
