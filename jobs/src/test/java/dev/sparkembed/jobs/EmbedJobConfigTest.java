package dev.sparkembed.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import dev.sparkembed.embed.BatchLimits;
import dev.sparkembed.embed.EmbedSettings;
import org.junit.jupiter.api.Test;

class EmbedJobConfigTest {

  private static EmbedJobConfig config(Integer batchSize, Integer maxBatchTokens) {
    java.util.Map<String, Object> values = new java.util.HashMap<>();
    values.put("input", "in.jsonl");
    values.put("output", "out");
    values.put("batch-size", batchSize);
    values.put("max-batch-tokens", maxBatchTokens);
    return ConfigFiles.of(EmbedJobConfig.class, values).validate();
  }

  @Test
  void batchLimitsNotGivenAreLeftToEachTasksDevice() {
    EmbedJobConfig config = config(null, null);
    assertNull(config.batchSize());
    assertNull(config.maxBatchTokens());
    EmbedSettings settings = config.embedSettings();
    assertEquals(EmbedSettings.DEFAULTS, settings);
    assertEquals(BatchLimits.CPU, settings.batchLimits(Device.cpu()));
    assertEquals(BatchLimits.GPU, settings.batchLimits(Device.gpu(0)));
  }

  @Test
  void batchLimitsGivenHoldOnEveryDevice() {
    EmbedSettings settings = config(16, 2_048).embedSettings();
    assertEquals(new BatchLimits(16, 2_048), settings.batchLimits(Device.cpu()));
    assertEquals(new BatchLimits(16, 2_048), settings.batchLimits(Device.gpu(0)));
    assertEquals(new BatchLimits(512, 100), config(null, 100).embedSettings().batchLimits(Device.gpu(1)));
  }

  @Test
  void zeroIsNotAUsersBatchLimit() {
    assertEquals("--batch-size must be at least 1, got 0",
        assertThrows(UserInputException.class, () -> config(0, null)).getMessage());
    assertEquals("--max-batch-tokens must be at least 1, got 0",
        assertThrows(UserInputException.class, () -> config(null, 0)).getMessage());
  }
}
