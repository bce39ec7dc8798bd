package dev.sparkembed.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.sparkembed.embed.BatchLimits;
import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.embed.TextEmbedder;
import dev.sparkembed.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCacheTest {

  @Test
  void sameModelForEveryCaller() {
    SentenceEmbeddingModel first = ModelCache.get("all-minilm-l6-v2", 1);
    int loads = ModelCache.loads();
    for (int i = 0; i < 20; i++) {
      assertSame(first, ModelCache.get("all-minilm-l6-v2", 1));
    }
    assertEquals(loads, ModelCache.loads());
  }

  @Test
  void gpuThatCannotBeUsedFallsBackToTheCpuModel() {
    // This build has the CPU-only ONNX Runtime, so CUDA is never available here.
    SentenceEmbeddingModel cpu = ModelCache.get("all-minilm-l6-v2", 1);
    SentenceEmbeddingModel onGpu = ModelCache.get("all-minilm-l6-v2", 1, Device.gpu(0));
    assertSame(cpu, onGpu, "falls back to the shared CPU model, not a second copy");
    int loads = ModelCache.loads();
    assertSame(cpu, ModelCache.get("all-minilm-l6-v2", 1, Device.gpu(0)), "the failed GPU load is not retried");
    assertEquals(loads, ModelCache.loads());
    assertEquals(Device.cpu(), onGpu.device());
    try (TextEmbedder embedder = new TextEmbedder(onGpu, EmbedSettings.DEFAULTS)) {
      assertEquals(BatchLimits.CPU, embedder.batchLimits(), "batches for the device it runs on, not the one asked for");
      assertEquals(384, embedder.embed(new String[] {"still works"})[0].embedding().length);
    }
  }

  @Test
  void gpuFirstOnAFreshJvmFallsBackForEveryBuiltinModelAndOrdinal() throws Exception {
    // As on a GPU node: the first request names a GPU and no CPU model is loaded yet. The old
    // fallback loaded the CPU model inside ConcurrentHashMap.computeIfAbsent, which throws
    // "Recursive update" when both keys share a bin (bge-small-en-v1.5-q on gpu(0) does).
    ChildJvm.Result run = ChildJvm.run(GpuFirstFallbackMain.class, List.of("-Xmx2g", "-Xss4m"));
    assertEquals(0, run.exitCode(), run.output());
    for (BuiltinModel model : BuiltinModel.values()) {
      for (int ordinal = 0; ordinal < 8; ordinal++) {
        assertTrue(run.output().contains("fallback ok: " + model.modelName() + " gpu(" + ordinal + ")"), run.output());
      }
    }
  }

  @Test
  void threadsDoNotChangeResults() {
    String[] texts = {"one thread or two", "the same numbers either way, as far as the test can tell"};
    try (TextEmbedder one = new TextEmbedder(ModelCache.get("all-minilm-l6-v2", 1), EmbedSettings.DEFAULTS);
        TextEmbedder two = new TextEmbedder(ModelCache.get("all-minilm-l6-v2", 2), EmbedSettings.DEFAULTS)) {
      var a = one.embed(texts);
      var b = two.embed(texts);
      for (int i = 0; i < texts.length; i++) {
        assertArrayEquals(a[i].embedding(), b[i].embedding(), 1e-6f);
      }
    }
  }
}
