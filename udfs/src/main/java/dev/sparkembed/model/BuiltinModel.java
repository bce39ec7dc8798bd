package dev.sparkembed.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Models that ship inside Maven Central jars (langchain4j's embedding artifacts, used only as
 * carriers of the .onnx and tokenizer.json files), so they work offline.
 */
public enum BuiltinModel {
  ALL_MINILM_L6_V2("all-minilm-l6-v2", new ModelCard(Pooling.MEAN, true, 256, 384)),
  ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", new ModelCard(Pooling.MEAN, true, 256, 384)),
  BGE_SMALL_EN_V15("bge-small-en-v1.5", new ModelCard(Pooling.CLS, true, 512, 384)),
  BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", new ModelCard(Pooling.CLS, true, 512, 384));

  public static final BuiltinModel DEFAULT = ALL_MINILM_L6_V2;

  private final String modelName;
  private final ModelCard card;

  BuiltinModel(String modelName, ModelCard card) {
    this.modelName = modelName;
    this.card = card;
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

  public static Optional<BuiltinModel> byName(String name) {
    return Arrays.stream(values()).filter(m -> m.modelName.equals(name)).findFirst();
  }

  public static String names() {
    return Arrays.stream(values()).map(BuiltinModel::modelName).collect(Collectors.joining(", "));
  }
}
