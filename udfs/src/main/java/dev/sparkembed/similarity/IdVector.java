package dev.sparkembed.similarity;

import java.io.Serializable;

/** One row of a join side: its id (as a string) and its unit vector. */
public record IdVector(String id, float[] vector) implements Serializable {}
