package dev.sparkembed.bench;

import dev.sparkembed.embed.BatchPlanner;
import dev.sparkembed.embed.EmbeddingSession;
import dev.sparkembed.embed.TokenizedText;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.model.SentenceEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What ONNX Runtime alone does on this machine: the same model on pre-tokenised, length-sorted
 * batches in one JVM, no Spark, no I/O. Several engine settings are tried; the best is the ceiling.
 */
final class EngineCeiling {

  /** One engine setting: worker threads x ORT intra-op threads, and batch limits. */
  record Setting(int workers, int intraOpThreads, int maxRows, int maxTokens) {
    String name() {
      return workers + " worker(s) x " + intraOpThreads + " ORT thread(s), "
          + (maxRows == 1 ? "one text per call" : "batches <= " + maxRows + " rows / " + maxTokens + " tokens");
    }
  }

  record Result(Setting setting, double seconds, long texts, long tokens, long paddedTokens) {
    double textsPerSecond() {
      return texts / seconds;
    }
  }

  private EngineCeiling() {}

  static Result measure(String model, List<String> texts, Setting setting) throws Exception {
    SentenceEmbeddingModel loaded = ModelCache.get(model, setting.intraOpThreads());
    TokenizedText[] tokens = loaded.tokenize(texts.toArray(new String[0]));
    int[] lengths = new int[tokens.length];
    long real = 0;
    for (int i = 0; i < tokens.length; i++) {
      lengths[i] = tokens[i].length();
      real += lengths[i];
    }
    List<int[]> batches = BatchPlanner.plan(lengths, setting.maxRows(), setting.maxTokens());
    long padded = 0;
    for (int[] batch : batches) {
      padded += (long) lengths[batch[batch.length - 1]] * batch.length;
    }
    warmUp(loaded, tokens);
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(setting.workers());
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < setting.workers(); w++) {
      workers.add(pool.submit(() -> {
        try (EmbeddingSession session = loaded.newSession()) {
          for (int b; (b = next.getAndIncrement()) < batches.size(); ) {
            int[] batch = batches.get(b);
            TokenizedText[] inputs = new TokenizedText[batch.length];
            for (int i = 0; i < batch.length; i++) {
              inputs[i] = tokens[batch[i]];
            }
            session.embed(inputs);
          }
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return new Result(setting, seconds, texts.size(), real, padded);
  }

  private static void warmUp(SentenceEmbeddingModel model, TokenizedText[] tokens) {
    try (EmbeddingSession session = model.newSession()) {
      for (int i = 0; i < Math.min(64, tokens.length); i += 8) {
        TokenizedText[] batch = new TokenizedText[Math.min(8, tokens.length - i)];
        System.arraycopy(tokens, i, batch, 0, batch.length);
        session.embed(batch);
      }
    }
  }
}
