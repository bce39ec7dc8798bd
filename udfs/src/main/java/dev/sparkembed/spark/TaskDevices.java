package dev.sparkembed.spark;

import ai.djl.Device;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** Which device a Spark task embeds on: the GPU Spark assigned to it, else the CPU. */
public final class TaskDevices {

  /** Spark's resource name for GPUs ({@code spark.task.resource.gpu.amount}). */
  public static final String GPU = "gpu";

  private TaskDevices() {}

  public static Device forCurrentTask() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return Device.cpu();
    }
    Map<String, String[]> addresses = new HashMap<>();
    for (Map.Entry<String, ResourceInformation> e : ScalaCollections.toJava(task.resources()).entrySet()) {
      addresses.put(e.getKey(), e.getValue().addresses());
    }
    return choose(addresses);
  }

  /**
   * @param resources a task's resource addresses by name, as in {@code TaskContext.resources()}
   * @return the first assigned GPU, or the CPU when the task holds none
   */
  public static Device choose(Map<String, String[]> resources) {
    String[] gpus = resources.get(GPU);
    if (gpus == null || gpus.length == 0) {
      return Device.cpu();
    }
    try {
      return Device.gpu(Integer.parseInt(gpus[0].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("GPU address '" + gpus[0] + "' from Spark's resource discovery is not a device number");
    }
  }
}
