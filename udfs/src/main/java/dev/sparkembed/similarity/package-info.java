/**
 * Cosine similarity joins of unit vectors on Spark. A {@link dev.sparkembed.similarity.JoinSide}
 * reads one side once (ids, vectors, counts of what was skipped, model labels) and owns what joins
 * cache or broadcast from it until {@code release()}; {@link dev.sparkembed.similarity.JoinSpec}
 * says what to keep (top-k, threshold, self pairs). Scoring is blocked matrix products through
 * BLAS ({@link dev.sparkembed.similarity.VectorBlock}) into bounded top-k lists ({@link
 * dev.sparkembed.similarity.Neighbours}), merged per row by {@link
 * dev.sparkembed.similarity.PartialTopK}; IVF chooses its lists with {@link
 * dev.sparkembed.similarity.SphericalKMeans}. {@link dev.sparkembed.similarity.ModelCheck} refuses
 * sides made by different models.
 */
package dev.sparkembed.similarity;
