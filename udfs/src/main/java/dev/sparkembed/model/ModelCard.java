package dev.sparkembed.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * What a model folder must say about itself besides its ONNX graph and tokenizer: the
 * sentence-transformers settings that the graph alone does not carry. Stored as {@value #FILE_NAME}.
 *
 * @param pooling how token embeddings are pooled
 * @param normalize whether sentence embeddings are L2-normalised
 * @param maxTokens sentence-transformers' max_seq_length, special tokens included
 * @param dimension the embedding dimension the graph produces
 */
public record ModelCard(
    @JsonProperty(value = "pooling", required = true) Pooling pooling,
    @JsonProperty(value = "normalize", required = true) boolean normalize,
    @JsonProperty(value = "max_tokens", required = true) int maxTokens,
    @JsonProperty(value = "dimension", required = true) int dimension)
    implements Serializable {

  public static final String FILE_NAME = "model-card.json";

  public ModelCard {
    if (pooling == null) {
      throw new IllegalArgumentException("pooling is required");
    }
    if (maxTokens < 2) {
      throw new IllegalArgumentException("max_tokens must be at least 2, got " + maxTokens);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
  }
}
