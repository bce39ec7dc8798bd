package dev.sparkembed.model;

import ai.djl.Device;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import scala.Tuple2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per (model, threads, device) per JVM, shared by every task of an executor.
 * Loading costs hundreds of milliseconds and hundreds of MB; doing it per task or per partition is
 * the classic mistake.
 */
public final class ModelCache {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
  private static final Map<String, SentenceEmbeddingModel> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();
  private static final Object GPU_LOADS = new Object();

  private ModelCache() {}

  public static SentenceEmbeddingModel get(String nameOrPath, int intraOpThreads) {
    return get(nameOrPath, intraOpThreads, Device.cpu());
  }

  /**
   * The shared model for a device. When a GPU cannot be used (no CUDA build of ONNX Runtime, no
   * driver), logs one WARN line and serves the CPU model for that GPU from then on.
   */
  public static SentenceEmbeddingModel get(String nameOrPath, int intraOpThreads, Device device) {
    String key = nameOrPath + "#threads=" + intraOpThreads + "#" + device;
    SentenceEmbeddingModel cached = MODELS.get(key);
    if (cached != null) {
      return cached;
    }
    if (!device.isGpu()) {
      return MODELS.computeIfAbsent(key, k -> load(nameOrPath, intraOpThreads, device));
    }
    // Not inside computeIfAbsent: the fallback loads the CPU model through the map, and a mapping
    // function must not update its own map (JDK 17 throws "Recursive update" when both keys share
    // a bin). GPU loads are rare, so one lock for all of them costs nothing.
    synchronized (GPU_LOADS) {
      cached = MODELS.get(key);
      if (cached != null) {
        return cached;
      }
      SentenceEmbeddingModel model;
      try {
        model = load(nameOrPath, intraOpThreads, device);
      } catch (ModelException e) {
        LOG.warn("CUDA cannot be used on {} ({}); running {} on CPU",
            device, ModelLocator.firstLine(e), nameOrPath);
        model = get(nameOrPath, intraOpThreads, Device.cpu());
      }
      MODELS.put(key, model);
      return model;
    }
  }

  private static SentenceEmbeddingModel load(String nameOrPath, int intraOpThreads, Device device) {
    long start = System.nanoTime();
    ModelFiles files = ModelLocator.resolve(nameOrPath, hadoopConf());
    SentenceEmbeddingModel model = SentenceEmbeddingModel.load(files, intraOpThreads, device);
    LOG.info("model {} loaded in {} ms (load #{} in this JVM)",
        files.label() + (device.isGpu() ? " on " + device : ""),
        (System.nanoTime() - start) / 1_000_000, LOADS.incrementAndGet());
    return model;
  }

  /**
   * On an executor, the application's {@code spark.hadoop.*} settings (S3 credentials, HDFS
   * addresses) apply to model paths too, as they do on the driver.
   */
  private static Configuration hadoopConf() {
    Configuration conf = new Configuration();
    SparkEnv env = SparkEnv.get();
    if (env != null) {
      for (Tuple2<String, String> setting : env.conf().getAllWithPrefix("spark.hadoop.")) {
        conf.set(setting._1(), setting._2());
      }
    }
    return conf;
  }

  /**
   * Closes and forgets every loaded model, as if the JVM had just started. For tests that must
   * see a first request again; tasks never call it.
   */
  static void forgetAll() {
    synchronized (GPU_LOADS) {
      // A GPU key that fell back maps to its CPU model: close each model once.
      java.util.Set<SentenceEmbeddingModel> loaded = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      loaded.addAll(MODELS.values());
      loaded.forEach(SentenceEmbeddingModel::close);
      MODELS.clear();
    }
  }

  /** How many models this JVM has loaded. */
  public static int loads() {
    return LOADS.get();
  }
}
