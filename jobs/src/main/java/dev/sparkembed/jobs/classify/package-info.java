/**
 * The steps of {@code classify}: read labelled documents ({@link
 * dev.sparkembed.jobs.classify.ClassifyDocuments}), hold out a stratified test set ({@link
 * dev.sparkembed.jobs.classify.StratifiedSplit}), fit the embedding classifier and the TF-IDF
 * baseline on the same training rows ({@link dev.sparkembed.jobs.classify.TextBaseline}), score
 * both on the same test rows ({@link dev.sparkembed.jobs.classify.ClassifierEvaluation}), and
 * draw the report ({@link dev.sparkembed.jobs.classify.ClassifyReport}). Applying counts the
 * predictions per status and label while it writes them ({@link
 * dev.sparkembed.jobs.classify.PredictionCounts}).
 */
package dev.sparkembed.jobs.classify;
