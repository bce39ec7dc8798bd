/**
 * The applications, each a short composition of named steps over the library in {@code udfs}:
 * {@link dev.sparkembed.jobs.EmbedJob} (read, embed, write, summarise), {@link
 * dev.sparkembed.jobs.TableEmbedJob} (the same into a Delta or Iceberg table, incrementally), {@link
 * dev.sparkembed.jobs.JoinJob}, {@link dev.sparkembed.jobs.DedupJob}, {@link
 * dev.sparkembed.jobs.ClusterJob}, {@link dev.sparkembed.jobs.ClassifyJob} and {@link
 * dev.sparkembed.jobs.PipelineJob}, with one config
 * record per job (JSON keys are the flag names), the input checks done before Spark runs ({@link
 * dev.sparkembed.jobs.OutputPaths}) and one-line {@link dev.sparkembed.jobs.UserInputException}s.
 * Every file the driver writes goes through the Hadoop file system of its path.
 */
package dev.sparkembed.jobs;
