package dev.sparkembed.model;

import ai.djl.Device;

/**
 * What an executor on a GPU node does first: asks for the model on its GPU before any CPU model
 * is loaded in the JVM. Run by {@link ModelCacheTest} in a fresh JVM, for every built-in model and
 * GPU ordinals 0-7, each a first request; prints one line per request and exits non-zero on the
 * first failure.
 */
public final class GpuFirstFallbackMain {

  public static void main(String[] args) {
    for (BuiltinModel model : BuiltinModel.values()) {
      for (int ordinal = 0; ordinal < 8; ordinal++) {
        ModelCache.forgetAll(); // every request is a first one: no CPU model loaded yet
        SentenceEmbeddingModel loaded = ModelCache.get(model.modelName(), 1, Device.gpu(ordinal));
        if (!loaded.device().equals(Device.cpu())) {
          throw new AssertionError(model.modelName() + " on gpu(" + ordinal + ") did not fall back to the CPU");
        }
        if (loaded != ModelCache.get(model.modelName(), 1, Device.cpu())) {
          throw new AssertionError(model.modelName() + " on gpu(" + ordinal + ") is not the shared CPU model");
        }
        System.out.println("fallback ok: " + model.modelName() + " gpu(" + ordinal + ")");
      }
    }
  }
}
