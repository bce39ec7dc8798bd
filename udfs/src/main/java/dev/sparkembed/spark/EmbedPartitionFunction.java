package dev.sparkembed.spark;

import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.embed.EmbeddedText;
import dev.sparkembed.embed.ModelLabel;
import dev.sparkembed.embed.TextEmbedder;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.model.ModelException;
import dev.sparkembed.model.SentenceEmbeddingModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Embeds the text column of a partition, window by window, and appends {@link EmbedColumns} to
 * each row. Rows come out in the order they came in; a partition is never held in memory whole.
 */
public final class EmbedPartitionFunction implements MapPartitionsFunction<Row, Row> {

  private final String model;
  private final ModelLabel label;
  private final EmbedSettings settings;
  private final int textIndex;
  private final EmbedMetrics metrics;

  /**
   * @param model a built-in model name or a model folder
   * @param label what the driver resolved: the model's name@fingerprint, which executors must
   *     load too, and the prefix put before every text; written in the {@code model} column
   * @param textIndex position of the text column in the input rows
   * @param metrics counters to update as each model call finishes, or null
   */
  public EmbedPartitionFunction(String model, ModelLabel label, EmbedSettings settings, int textIndex, EmbedMetrics metrics) {
    this.model = model;
    this.label = label;
    this.settings = settings;
    this.textIndex = textIndex;
    this.metrics = metrics;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    SentenceEmbeddingModel loaded = ModelCache.get(model, settings.intraOpThreads(), TaskDevices.forCurrentTask());
    String filesLabel = loaded.files().label();
    if (!filesLabel.equals(label.model())) {
      throw new ModelException("model " + model + " resolved to " + filesLabel + " on this executor but to "
          + label.model() + " on the driver; the model files differ between machines");
    }
    String labelValue = label.toString();
    TextEmbedder embedder = new TextEmbedder(loaded, settings);
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> embedder.close());
    }
    return new Iterator<>() {
      private List<Row> window = List.of();
      private EmbeddedText[] results;
      private int next;

      @Override
      public boolean hasNext() {
        if (next < window.size()) {
          return true;
        }
        if (!rows.hasNext()) {
          if (task == null) {
            embedder.close();
          }
          return false;
        }
        readWindow();
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row row = window.get(next);
        EmbeddedText result = results[next++];
        Object[] values = new Object[row.length() + 5];
        for (int i = 0; i < row.length(); i++) {
          values[i] = row.get(i);
        }
        values[row.length()] = result.embedding();
        values[row.length() + 1] = result.nTokens();
        values[row.length() + 2] = result.truncated();
        values[row.length() + 3] = result.status();
        values[row.length() + 4] = labelValue;
        return RowFactory.create(values);
      }

      private void readWindow() {
        List<Row> batch = new ArrayList<>(settings.windowSize());
        while (batch.size() < settings.windowSize() && rows.hasNext()) {
          batch.add(rows.next());
        }
        String[] texts = new String[batch.size()];
        for (int i = 0; i < texts.length; i++) {
          texts[i] = batch.get(i).isNullAt(textIndex) ? null : label.apply(batch.get(i).getString(textIndex));
        }
        results = metrics == null ? embedder.embed(texts) : embedder.embed(texts, new WindowProgress(texts.length));
        window = batch;
        next = 0;
      }
    };
  }

  /**
   * Counts a window's rows as its model calls finish, in proportion to their share of the
   * window's padded tokens rather than their own row counts: a window runs its shortest texts
   * first, so plain row counts would race ahead and then crawl, and a task's first window can be
   * all of it (8,192 rows). At the window's end the count is exactly its rows. Heartbeats carry
   * running tasks' counters to the driver's progress line.
   */
  private final class WindowProgress implements TextEmbedder.BatchListener {
    private final int windowRows;
    private long paddedSoFar;
    private long counted;

    WindowProgress(int windowRows) {
      this.windowRows = windowRows;
    }

    @Override
    public void batchDone(int rows, long tokens, long paddedTokens, long windowPaddedTokens) {
      paddedSoFar += paddedTokens;
      long due = windowPaddedTokens == 0 || paddedSoFar >= windowPaddedTokens
          ? windowRows
          : windowRows * paddedSoFar / windowPaddedTokens;
      metrics.rows().add(due - counted);
      counted = due;
      metrics.tokens().add(tokens);
      metrics.paddedTokens().add(paddedTokens);
    }
  }
}
