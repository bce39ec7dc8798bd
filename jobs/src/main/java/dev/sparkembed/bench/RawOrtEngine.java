package dev.sparkembed.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sparkembed.embed.EmbeddingSession;
import dev.sparkembed.embed.PaddedBatch;
import dev.sparkembed.embed.Pooler;
import dev.sparkembed.embed.TokenizedText;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.model.ModelCard;
import dev.sparkembed.model.SentenceEmbeddingModel;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Setting (a'): ONNX Runtime's Java API called directly, without DJL: the model's graph in one
 * {@link OrtSession} (one intra-op thread, sequential), one caller thread per core taking
 * length-sorted batches of pre-tokenised texts, pooling in the loop ({@link EngineCeiling}'s plan
 * and worker loop). What the embed job would reach if Spark, DJL, tokenization and I/O cost
 * nothing. Tokenization is timed on its own.
 */
final class RawOrtEngine {

  record Result(double seconds, double tokenizeSeconds, long texts, long tokens, long paddedTokens) {
    double textsPerSecond() {
      return texts / seconds;
    }
  }

  private RawOrtEngine() {}

  static Result measure(String model, List<String> texts, EngineCeiling.Setting setting) throws Exception {
    SentenceEmbeddingModel loaded = ModelCache.get(model, 1);
    EngineCeiling.Plan plan = EngineCeiling.Plan.of(loaded, texts, setting);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(setting.intraOpThreads());
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session = env.createSession(loaded.files().onnxFile().toString(), options)) {
        ModelCard card = loaded.files().card();
        // The same vectors as the job's path, or the comparison means nothing.
        TokenizedText[] probe = Arrays.copyOfRange(plan.tokens(), 0, Math.min(8, plan.tokens().length));
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
        // One session shared by the workers: OrtSession.run is thread-safe.
        double seconds = EngineCeiling.timeWorkers(plan, setting.workers(), () -> batch -> embed(env, session, card, batch));
        return new Result(seconds, plan.tokenizeSeconds(), texts.size(), plan.realTokens(), plan.paddedTokens());
      }
    }
  }

  /** One batch, padded to its longest text, pooled as the job pools. */
  static float[][] embed(OrtEnvironment env, OrtSession session, ModelCard card, TokenizedText[] batch) throws OrtException {
    PaddedBatch padded = PaddedBatch.of(batch);
    long[] shape = {padded.rows(), padded.width()};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      for (String name : session.getInputNames()) {
        inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(padded.input(name)), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxTensor hiddenTensor = (OnnxTensor) result.get(0);
        FloatBuffer buffer = hiddenTensor.getFloatBuffer();
        float[] hidden = new float[buffer.remaining()];
        buffer.get(hidden);
        int dim = (int) hiddenTensor.getInfo().getShape()[2];
        float[][] pooled = new float[padded.rows()][];
        for (int r = 0; r < padded.rows(); r++) {
          pooled[r] = Pooler.pool(hidden, r, padded.width(), dim, batch[r].length(), card.pooling(), card.normalize());
        }
        return pooled;
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }
}
