/**
 * Loading kept apart from processing: {@link dev.sparkembed.model.ModelLocator} turns a model name
 * or path into verified local files ({@link dev.sparkembed.model.ModelFiles}; built-ins from their
 * pinned carrier jars, folders and archives from any Hadoop file system through {@code
 * ModelFetcher} into a private cache folder), {@link dev.sparkembed.model.SentenceEmbeddingModel}
 * loads those files into ONNX Runtime (through DJL) and a tokenizer, and {@link
 * dev.sparkembed.model.ModelCache} keeps one loaded model per JVM and device, falling back to the
 * CPU when a GPU cannot be used. Every failure is a one-line {@link
 * dev.sparkembed.model.ModelException} naming the file.
 */
package dev.sparkembed.model;
