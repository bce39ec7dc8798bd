package dev.sparkembed.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sparkembed.embed.BatchPlanner;
import dev.sparkembed.embed.EmbeddingSession;
import dev.sparkembed.embed.Pooler;
import dev.sparkembed.embed.TokenizedText;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.model.ModelCard;
import dev.sparkembed.model.SentenceEmbeddingModel;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Setting (a'): ONNX Runtime's Java API called directly, without DJL: the model's graph in one
 * {@link OrtSession} (one intra-op thread, sequential), one caller thread per core taking
 * length-sorted batches of pre-tokenised texts, pooling in the loop. What the embed job would reach
 * if Spark, DJL, tokenization and I/O cost nothing. Tokenization is timed on its own.
 */
final class RawOrtEngine {

  record Result(double seconds, double tokenizeSeconds, long texts, long tokens, long paddedTokens) {
    double textsPerSecond() {
      return texts / seconds;
    }
  }

  private RawOrtEngine() {}

  static Result measure(String model, List<String> texts, int workers, int maxRows, int maxTokens) throws Exception {
    SentenceEmbeddingModel loaded = ModelCache.get(model, 1);
    long tokenizeStart = System.nanoTime();
    TokenizedText[] tokens = loaded.tokenize(texts.toArray(new String[0]));
    double tokenizeSeconds = (System.nanoTime() - tokenizeStart) / 1e9;
    int[] lengths = new int[tokens.length];
    long real = 0;
    for (int i = 0; i < tokens.length; i++) {
      lengths[i] = tokens[i].length();
      real += lengths[i];
    }
    List<int[]> batches = BatchPlanner.plan(lengths, maxRows, maxTokens);
    long padded = 0;
    for (int[] batch : batches) {
      int longest = 0;
      for (int i : batch) {
        longest = Math.max(longest, lengths[i]);
      }
      padded += (long) longest * batch.length;
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session = env.createSession(loaded.files().onnxFile().toString(), options)) {
        ModelCard card = loaded.files().card();
        for (int i = 0; i < Math.min(64, tokens.length); i += 8) { // warm-up, as the other engine setting
          embed(env, session, card, Arrays.copyOfRange(tokens, i, Math.min(tokens.length, i + 8)));
        }
        // The same vectors as the job's path, or the comparison means nothing.
        TokenizedText[] probe = Arrays.copyOfRange(tokens, 0, Math.min(8, tokens.length));
        float[][] direct = embed(env, session, card, probe);
        try (EmbeddingSession viaDjl = loaded.newSession()) {
          float[][] expected = viaDjl.embed(probe);
          for (int r = 0; r < probe.length; r++) {
            for (int d = 0; d < expected[r].length; d++) {
              if (Math.abs(expected[r][d] - direct[r][d]) > 1e-6f) {
                throw new IllegalStateException("raw ONNX Runtime and DJL differ at text " + r + ", dimension " + d);
              }
            }
          }
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          running.add(pool.submit(() -> {
            for (int b; (b = next.getAndIncrement()) < batches.size(); ) {
              int[] batch = batches.get(b);
              TokenizedText[] inputs = new TokenizedText[batch.length];
              for (int i = 0; i < batch.length; i++) {
                inputs[i] = tokens[batch[i]];
              }
              embed(env, session, card, inputs);
            }
            return null;
          }));
        }
        for (Future<?> worker : running) {
          worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(seconds, tokenizeSeconds, texts.size(), real, padded);
      }
    }
  }

  /** One batch, padded to its longest text, pooled as the job pools. */
  static float[][] embed(OrtEnvironment env, OrtSession session, ModelCard card, TokenizedText[] batch) throws OrtException {
    int rows = batch.length;
    int width = 0;
    for (TokenizedText text : batch) {
      width = Math.max(width, text.length());
    }
    long[] ids = new long[rows * width];
    long[] mask = new long[rows * width];
    long[] types = new long[rows * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(batch[r].ids(), 0, ids, r * width, batch[r].length());
      System.arraycopy(batch[r].typeIds(), 0, types, r * width, batch[r].length());
      Arrays.fill(mask, r * width, r * width + batch[r].length(), 1L);
    }
    long[] shape = {rows, width};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      for (String name : session.getInputNames()) {
        long[] data = switch (name) {
          case "input_ids" -> ids;
          case "attention_mask" -> mask;
          case "token_type_ids" -> types;
          default -> throw new IllegalStateException("unsupported model input " + name);
        };
        inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxTensor hiddenTensor = (OnnxTensor) result.get(0);
        long[] outShape = hiddenTensor.getInfo().getShape();
        FloatBuffer buffer = hiddenTensor.getFloatBuffer();
        float[] hidden = new float[buffer.remaining()];
        buffer.get(hidden);
        int dim = (int) outShape[2];
        float[][] pooled = new float[rows][];
        for (int r = 0; r < rows; r++) {
          pooled[r] = Pooler.pool(hidden, r, width, dim, batch[r].length(), card.pooling(), card.normalize());
        }
        return pooled;
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }
}
