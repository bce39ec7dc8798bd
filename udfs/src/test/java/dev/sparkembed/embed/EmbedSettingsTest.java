package dev.sparkembed.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class EmbedSettingsTest {

  @Test
  void limitsNotSetAreTheDevicesOwn() {
    assertEquals(new BatchLimits(64, 256), EmbedSettings.DEFAULTS.batchLimits(Device.cpu()));
    assertEquals(new BatchLimits(512, 32_768), EmbedSettings.DEFAULTS.batchLimits(Device.gpu(0)));
    assertEquals(BatchLimits.GPU, EmbedSettings.DEFAULTS.batchLimits(Device.gpu(3)));
    assertNotEquals(BatchLimits.CPU, BatchLimits.GPU);
  }

  @Test
  void limitsSetWinOnEveryDeviceOneByOne() {
    EmbedSettings rows = EmbedSettings.DEFAULTS.withBatchSize(8);
    assertEquals(new BatchLimits(8, 256), rows.batchLimits(Device.cpu()));
    assertEquals(new BatchLimits(8, 32_768), rows.batchLimits(Device.gpu(0)));
    EmbedSettings tokens = EmbedSettings.DEFAULTS.withMaxBatchTokens(1_000);
    assertEquals(new BatchLimits(64, 1_000), tokens.batchLimits(Device.cpu()));
    assertEquals(new BatchLimits(512, 1_000), tokens.batchLimits(Device.gpu(0)));
    EmbedSettings both = new EmbedSettings(3, 90, 10, 1);
    assertEquals(both.batchLimits(Device.cpu()), both.batchLimits(Device.gpu(0)));
    assertEquals(new BatchLimits(3, 90), both.batchLimits(Device.gpu(0)));
  }

  @Test
  void badValuesFailWithTheirName() {
    assertEquals("batch size must be at least 1, or 0 for the device's default, got -1",
        assertThrows(IllegalArgumentException.class, () -> EmbedSettings.DEFAULTS.withBatchSize(-1)).getMessage());
    assertEquals("max batch tokens must be at least 1, or 0 for the device's default, got -5",
        assertThrows(IllegalArgumentException.class, () -> EmbedSettings.DEFAULTS.withMaxBatchTokens(-5)).getMessage());
    assertEquals("window size must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> EmbedSettings.DEFAULTS.withWindowSize(0)).getMessage());
    assertEquals("max rows per batch must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new BatchLimits(0, 10)).getMessage());
    assertEquals("max tokens per batch must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new BatchLimits(10, 0)).getMessage());
  }
}
