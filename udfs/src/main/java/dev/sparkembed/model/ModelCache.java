package dev.sparkembed.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per (model, threads) per JVM, shared by every task of an executor. Loading
 * costs seconds and hundreds of MB; doing it per task or per partition is the classic mistake.
 */
public final class ModelCache {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
  private static final Map<String, SentenceEmbeddingModel> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ModelCache() {}

  public static SentenceEmbeddingModel get(String nameOrPath, int intraOpThreads) {
    return MODELS.computeIfAbsent(nameOrPath + "#threads=" + intraOpThreads, key -> {
      long start = System.nanoTime();
      ModelFiles files = ModelLocator.resolve(nameOrPath, new Configuration());
      SentenceEmbeddingModel model = SentenceEmbeddingModel.load(files, intraOpThreads);
      LOG.info("model {} loaded in {} ms (load #{} in this JVM)",
          files.label(), (System.nanoTime() - start) / 1_000_000, LOADS.incrementAndGet());
      return model;
    });
  }

  /** How many models this JVM has loaded. */
  public static int loads() {
    return LOADS.get();
  }
}
