package dev.sparkembed.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How token embeddings become one sentence embedding, as sentence-transformers' Pooling module. */
public enum Pooling {
  /** Average of the token embeddings under the attention mask (all-MiniLM-L6-v2). */
  MEAN,
  /** The embedding of the first token, [CLS] (BGE). */
  CLS;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Pooling fromId(String id) {
    for (Pooling pooling : values()) {
      if (pooling.id().equals(id)) {
        return pooling;
      }
    }
    throw new IllegalArgumentException("unknown pooling '" + id + "' (expected mean or cls)");
  }
}
