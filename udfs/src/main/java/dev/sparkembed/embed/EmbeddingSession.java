package dev.sparkembed.embed;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import dev.sparkembed.model.ModelCard;
import java.util.List;

/**
 * Runs batches of tokenized texts through the graph and pools them. One per task thread: DJL
 * predictors are not thread-safe, the model behind them is shared.
 */
public final class EmbeddingSession implements AutoCloseable {

  private final Predictor<NDList, NDList> predictor;
  private final NDManager modelManager;
  private final List<String> inputNames;
  private final ModelCard card;

  public EmbeddingSession(
      Predictor<NDList, NDList> predictor, NDManager modelManager, List<String> inputNames, ModelCard card) {
    this.predictor = predictor;
    this.modelManager = modelManager;
    this.inputNames = inputNames;
    this.card = card;
  }

  /**
   * Embeds one batch, padded to its longest text. Pooling sees only the attention mask, so padding
   * changes nothing but the cost.
   */
  public float[][] embed(TokenizedText[] batch) {
    PaddedBatch padded = PaddedBatch.of(batch);
    int rows = padded.rows();
    int width = padded.width();
    Shape shape = new Shape(rows, width);
    try (NDManager manager = modelManager.newSubManager()) {
      NDList inputs = new NDList(inputNames.size());
      for (String name : inputNames) {
        NDArray array = manager.create(padded.input(name), shape);
        array.setName(name);
        inputs.add(array);
      }
      NDArray tokenEmbeddings = predictor.predict(inputs).get(0);
      Shape out = tokenEmbeddings.getShape();
      if (out.dimension() != 3 || out.get(0) != rows || out.get(1) != width) {
        throw new IllegalStateException("expected token embeddings of shape (" + rows + ", " + width
            + ", dim) as the first output, got " + out);
      }
      float[] hidden = tokenEmbeddings.toFloatArray();
      int dim = (int) out.get(2);
      float[][] result = new float[rows][];
      for (int r = 0; r < rows; r++) {
        result[r] = Pooler.pool(hidden, r, width, dim, batch[r].length(), card.pooling(), card.normalize());
      }
      return result;
    } catch (TranslateException e) {
      throw new IllegalStateException("inference failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    predictor.close();
  }
}
