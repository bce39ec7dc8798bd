package dev.sparkembed.similarity;

import java.io.Serializable;

/**
 * One row of a join side: its id (as a string), its vector and, while a side is read, the model
 * label of the row (null once the side's labels are collected, so blocks do not carry it).
 */
public record IdVector(String id, float[] vector, String model) implements Serializable {
  public IdVector(String id, float[] vector) {
    this(id, vector, null);
  }
}
