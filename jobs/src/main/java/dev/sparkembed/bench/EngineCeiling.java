package dev.sparkembed.bench;

import dev.sparkembed.embed.BatchPlanner;
import dev.sparkembed.embed.EmbeddingSession;
import dev.sparkembed.embed.TokenizedText;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.model.SentenceEmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What ONNX Runtime alone does on this machine: the same model on pre-tokenised, length-sorted
 * batches in one JVM, no Spark, no I/O. Several engine settings are tried; the best is the ceiling.
 * The planning and the timed worker loop are shared with {@link RawOrtEngine}.
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

  /** Texts tokenised once (timed) and planned into length-sorted batches under the setting's limits. */
  record Plan(TokenizedText[] tokens, List<int[]> batches, long realTokens, long paddedTokens, double tokenizeSeconds) {

    static Plan of(SentenceEmbeddingModel model, List<String> texts, Setting setting) {
      long start = System.nanoTime();
      TokenizedText[] tokens = model.tokenize(texts.toArray(new String[0]));
      double tokenizeSeconds = (System.nanoTime() - start) / 1e9;
      int[] lengths = new int[tokens.length];
      long real = 0;
      for (int i = 0; i < tokens.length; i++) {
        lengths[i] = tokens[i].length();
        real += lengths[i];
      }
      List<int[]> batches = BatchPlanner.plan(lengths, setting.maxRows(), setting.maxTokens());
      long padded = 0;
      for (int[] batch : batches) {
        int longest = 0;
        for (int i : batch) {
          longest = Math.max(longest, lengths[i]);
        }
        padded += (long) longest * batch.length;
      }
      return new Plan(tokens, batches, real, padded, tokenizeSeconds);
    }

    TokenizedText[] batch(int b) {
      int[] rows = batches.get(b);
      TokenizedText[] inputs = new TokenizedText[rows.length];
      for (int i = 0; i < rows.length; i++) {
        inputs[i] = tokens[rows[i]];
      }
      return inputs;
    }
  }

  /** One worker thread's way to run a batch, and what it holds while it works. */
  interface Worker extends AutoCloseable {
    void embed(TokenizedText[] batch) throws Exception;

    @Override
    default void close() {}
  }

  private EngineCeiling() {}

  static Result measure(String model, List<String> texts, Setting setting) throws Exception {
    SentenceEmbeddingModel loaded = ModelCache.get(model, setting.intraOpThreads());
    Plan plan = Plan.of(loaded, texts, setting);
    Supplier<Worker> throughDjl = () -> {
      EmbeddingSession session = loaded.newSession(); // predictors are not thread-safe: one per worker
      return new Worker() {
        @Override
        public void embed(TokenizedText[] batch) {
          session.embed(batch);
        }

        @Override
        public void close() {
          session.close();
        }
      };
    };
    double seconds = timeWorkers(plan, setting.workers(), throughDjl);
    return new Result(setting, seconds, texts.size(), plan.realTokens(), plan.paddedTokens());
  }

  /**
   * Seconds for {@code workers} threads to run every batch of the plan, each taking the next batch
   * as it is free, after a warm-up of up to 64 texts in batches of 8 (not timed).
   */
  static double timeWorkers(Plan plan, int workers, Supplier<Worker> newWorker) throws Exception {
    try (Worker warmUp = newWorker.get()) {
      for (int i = 0; i < Math.min(64, plan.tokens().length); i += 8) {
        warmUp.embed(Arrays.copyOfRange(plan.tokens(), i, Math.min(plan.tokens().length, i + 8)));
      }
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        running.add(pool.submit(() -> {
          try (Worker worker = newWorker.get()) {
            for (int b; (b = next.getAndIncrement()) < plan.batches().size(); ) {
              worker.embed(plan.batch(b));
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : running) {
        worker.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdown();
    }
  }
}
