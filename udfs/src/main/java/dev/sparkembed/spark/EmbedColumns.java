package dev.sparkembed.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns the embed stage appends to each row. */
public final class EmbedColumns {
  public static final String EMBEDDING = "embedding";
  public static final String N_TOKENS = "n_tokens";
  public static final String TRUNCATED = "truncated";
  public static final String STATUS = "status";
  public static final String MODEL = "model";

  private EmbedColumns() {}

  /** {@code input} followed by embedding, n_tokens, truncated, status and model. */
  public static StructType appendTo(StructType input) {
    return input
        .add(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true)
        .add(N_TOKENS, DataTypes.IntegerType, true)
        .add(TRUNCATED, DataTypes.BooleanType, false)
        .add(STATUS, DataTypes.StringType, false)
        .add(MODEL, DataTypes.StringType, false);
  }
}
