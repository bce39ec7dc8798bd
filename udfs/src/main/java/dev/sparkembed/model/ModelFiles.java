package dev.sparkembed.model;

import java.nio.file.Path;

/**
 * A model resolved to local files, ready to load.
 *
 * @param name the model's display name (a built-in name, or the folder name)
 * @param card pooling, normalisation, max tokens and dimension
 * @param onnxFile the ONNX graph
 * @param tokenizerFile the HuggingFace tokenizer.json
 * @param fingerprint a short hash of the model files, so outputs say exactly which model made them
 */
public record ModelFiles(
    String name, ModelCard card, Path onnxFile, Path tokenizerFile, String fingerprint) {

  /** The value written in the output's {@code model} column, e.g. {@code all-minilm-l6-v2@1a2b3c4d5e6f}. */
  public String label() {
    return name + "@" + fingerprint;
  }
}
