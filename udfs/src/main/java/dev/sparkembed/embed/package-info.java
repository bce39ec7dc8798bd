/**
 * Texts to vectors inside one task, without Spark: {@link dev.sparkembed.embed.TextEmbedder}
 * tokenizes a window of texts in one call, sorts them by length, cuts batches under a row and
 * padded-token budget ({@link dev.sparkembed.embed.BatchPlanner}, {@link
 * dev.sparkembed.embed.BatchLimits}), and restores the input order; {@link
 * dev.sparkembed.embed.EmbeddingSession} is where a batch becomes a tensor (input ids, attention
 * mask and token types), runs through the model and is pooled ({@link dev.sparkembed.embed.Pooler})
 * as sentence-transformers pools. {@link dev.sparkembed.embed.ModelLabel} is what the output says
 * made a vector: the model and the prefix.
 */
package dev.sparkembed.embed;
