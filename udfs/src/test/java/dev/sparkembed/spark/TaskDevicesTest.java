package dev.sparkembed.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskDevicesTest {

  @Test
  void taskWithoutGpuRunsOnCpu() {
    assertEquals(Device.cpu(), TaskDevices.choose(Map.of()));
    assertEquals(Device.cpu(), TaskDevices.choose(Map.of("gpu", new String[0])));
    assertEquals(Device.cpu(), TaskDevices.choose(Map.of("fpga", new String[] {"0"})));
  }

  @Test
  void taskUsesTheGpuSparkAssignedToIt() {
    assertEquals(Device.gpu(0), TaskDevices.choose(Map.of("gpu", new String[] {"0"})));
    assertEquals(Device.gpu(3), TaskDevices.choose(Map.of("gpu", new String[] {"3", "4"})));
  }

  @Test
  void nonNumericAddressIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskDevices.choose(Map.of("gpu", new String[] {"GPU-abc"})));
    assertEquals("GPU address 'GPU-abc' from Spark's resource discovery is not a device number", e.getMessage());
  }
}
