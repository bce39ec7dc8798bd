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
    return MODELS.computeIfAbsent(key, k -> {
      if (device.isGpu()) {
        try {
          return load(nameOrPath, intraOpThreads, device);
        } catch (ModelException e) {
          LOG.warn("CUDA cannot be used on {} ({}); running {} on CPU",
              device, ModelLocator.firstLine(e), nameOrPath);
          return get(nameOrPath, intraOpThreads, Device.cpu());
        }
      }
      return load(nameOrPath, intraOpThreads, device);
    });
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

  /** How many models this JVM has loaded. */
  public static int loads() {
    return LOADS.get();
  }
}
