/**
 * The steps of an incremental embed into a lake table ({@link dev.sparkembed.jobs.TableEmbedJob}):
 * {@link dev.sparkembed.jobs.merge.Changes} compares the corpus with the table as of one version
 * by id, text hash and model, once (cached); {@link dev.sparkembed.jobs.merge.PendingRows} splits
 * what must be embedded into commit-sized chunks; {@link dev.sparkembed.jobs.merge.DistinctTexts} embeds
 * each distinct text of a chunk once and gives every row its vector.
 */
package dev.sparkembed.jobs.merge;
