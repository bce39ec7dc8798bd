package dev.sparkembed.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import dev.sparkembed.embed.EmbeddingSession;
import dev.sparkembed.embed.TokenizedText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A loaded model: the ONNX Runtime graph (through DJL) and its tokenizer. Thread-safe and meant
 * to be shared by all tasks of a JVM; each task opens its own {@link EmbeddingSession}.
 */
public final class SentenceEmbeddingModel implements AutoCloseable {

  private static final List<String> REQUIRED_INPUTS = List.of("input_ids", "attention_mask");

  private final ModelFiles files;
  private final ZooModel<NDList, NDList> model;
  private final HuggingFaceTokenizer tokenizer;
  private final List<String> inputNames;
  private final Device device;

  private SentenceEmbeddingModel(
      ModelFiles files, ZooModel<NDList, NDList> model, HuggingFaceTokenizer tokenizer, List<String> inputNames,
      Device device) {
    this.files = files;
    this.device = device;
    this.model = model;
    this.tokenizer = tokenizer;
    this.inputNames = inputNames;
  }

  /**
   * Loads the graph and tokenizer and checks them against the model card by embedding one text.
   *
   * @param intraOpThreads ONNX Runtime intra-op threads for this model's session; 0 leaves the
   *     choice to ONNX Runtime (one per physical core), which is what DJL gives when no option is set
   */
  public static SentenceEmbeddingModel load(ModelFiles files, int intraOpThreads) {
    return load(files, intraOpThreads, Device.cpu());
  }

  /**
   * Loads on a device: a GPU runs through ONNX Runtime's CUDA execution provider, which needs the
   * onnxruntime_gpu artifact (Maven profile {@code gpu}) and CUDA on the machine.
   */
  public static SentenceEmbeddingModel load(ModelFiles files, int intraOpThreads, Device device) {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be at least 0, got " + intraOpThreads);
    }
    HuggingFaceTokenizer tokenizer = loadTokenizer(files);
    ZooModel<NDList, NDList> model;
    try {
      String fileName = files.onnxFile().getFileName().toString();
      model = Criteria.builder()
          .setTypes(NDList.class, NDList.class)
          .optEngine("OnnxRuntime")
          .optDevice(device)
          .optModelPath(files.onnxFile().getParent())
          .optModelName(fileName.substring(0, fileName.length() - ".onnx".length()))
          .optTranslator(new NoopTranslator())
          .optOption("intraOpNumThreads", Integer.toString(intraOpThreads))
          .optOption("interOpNumThreads", "1")
          .optOption("executionMode", "SEQUENTIAL")
          .build()
          .loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      tokenizer.close();
      throw new ModelException("ONNX model " + files.onnxFile() + " cannot be loaded: "
          + ModelLocator.firstLine(e.getCause() != null ? e.getCause() : e), e);
    }
    List<String> inputNames = new ArrayList<>(model.getBlock().describeInput().keys());
    SentenceEmbeddingModel loaded = new SentenceEmbeddingModel(files, model, tokenizer, inputNames, device);
    try {
      loaded.checkAgainstCard();
    } catch (RuntimeException e) {
      loaded.close();
      throw e;
    }
    return loaded;
  }

  private static HuggingFaceTokenizer loadTokenizer(ModelFiles files) {
    int maxTokens = files.card().maxTokens();
    try {
      // maxLength must be explicit: DJL otherwise takes tokenizer.json's truncation (128 for MiniLM).
      return HuggingFaceTokenizer.newInstance(files.tokenizerFile(), Map.of(
          "maxLength", Integer.toString(maxTokens),
          "modelMaxLength", Integer.toString(maxTokens),
          "truncation", "true",
          "padding", "false",
          "addSpecialTokens", "true"));
    } catch (IOException | RuntimeException e) {
      throw new ModelException("tokenizer " + files.tokenizerFile() + " cannot be loaded: " + ModelLocator.firstLine(e), e);
    }
  }

  private void checkAgainstCard() {
    for (String required : REQUIRED_INPUTS) {
      if (!inputNames.contains(required)) {
        throw new ModelException("ONNX model " + files.onnxFile() + " has inputs " + inputNames
            + " but a sentence-embedding model needs " + REQUIRED_INPUTS);
      }
    }
    int dimension;
    try (EmbeddingSession session = newSession()) {
      dimension = session.embed(tokenize(new String[] {"spark-embed"}))[0].length;
    } catch (RuntimeException e) {
      throw new ModelException("ONNX model " + files.onnxFile() + " fails on a test text: " + ModelLocator.firstLine(e), e);
    }
    if (dimension != files.card().dimension()) {
      throw new ModelException("ONNX model " + files.onnxFile() + " produces " + dimension
          + "-dimensional embeddings but its model card says " + files.card().dimension());
    }
  }

  /** Tokenizes and truncates non-null texts with the tokenizer's batch API. */
  public TokenizedText[] tokenize(String[] texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    TokenizedText[] result = new TokenizedText[encodings.length];
    for (int i = 0; i < encodings.length; i++) {
      result[i] = new TokenizedText(encodings[i].getIds(), encodings[i].getTypeIds(), encodings[i].exceedMaxLength());
    }
    return result;
  }

  /** A session for one task thread; close it when the task ends. */
  public EmbeddingSession newSession() {
    return new EmbeddingSession(model.newPredictor(), model.getNDManager(), inputNames, files.card());
  }

  /** The device this model runs on. */
  public Device device() {
    return device;
  }

  public ModelFiles files() {
    return files;
  }

  @Override
  public void close() {
    model.close();
    tokenizer.close();
  }
}
