/**
 * Classification on sentence embeddings: {@link dev.sparkembed.classify.EmbeddingClassifier}, a
 * Spark ML estimator that fits a multinomial logistic regression on an embedding column, choosing
 * its regularisation by stratified k-fold cross-validation, and its model {@link
 * dev.sparkembed.classify.EmbeddingClassifierModel}, which saves and loads in a {@code Pipeline}
 * right after {@code SentenceEmbedder}. {@link dev.sparkembed.classify.ClassificationMetrics}
 * turns (true, predicted) counts into accuracy, macro-F1 and per-class figures.
 */
package dev.sparkembed.classify;
