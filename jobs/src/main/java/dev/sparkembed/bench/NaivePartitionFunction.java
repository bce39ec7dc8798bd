package dev.sparkembed.bench;

import dev.sparkembed.embed.EmbeddingSession;
import dev.sparkembed.embed.TokenizedText;
import dev.sparkembed.model.ModelLocator;
import dev.sparkembed.model.SentenceEmbeddingModel;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The common way, for comparison only: a model loaded per partition and one text per inference
 * call, row at a time (what DJL's Spark extension and most UDF examples do). DJL's extension sets
 * no engine options, so ONNX Runtime picks its own thread count (intra-op threads 0 here).
 */
final class NaivePartitionFunction implements MapPartitionsFunction<Row, Row> {

  private final String model;
  private final int textIndex;
  private final int intraOpThreads;

  /** @param intraOpThreads ONNX Runtime intra-op threads, 0 for its default as in DJL's extension */
  NaivePartitionFunction(String model, int textIndex, int intraOpThreads) {
    this.model = model;
    this.textIndex = textIndex;
    this.intraOpThreads = intraOpThreads;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    SentenceEmbeddingModel loaded = SentenceEmbeddingModel.load(ModelLocator.resolve(model, new Configuration()), intraOpThreads);
    EmbeddingSession session = loaded.newSession();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        boolean more = rows.hasNext();
        if (!more) {
          session.close();
          loaded.close();
        }
        return more;
      }

      @Override
      public Row next() {
        Row row = rows.next();
        String text = row.isNullAt(textIndex) ? null : row.getString(textIndex);
        float[] embedding = null;
        if (text != null) {
          TokenizedText[] tokens = loaded.tokenize(new String[] {text});
          embedding = session.embed(tokens)[0];
        }
        return RowFactory.create(row.get(0), embedding);
      }
    };
  }
}
