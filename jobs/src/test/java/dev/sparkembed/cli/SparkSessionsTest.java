package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

  @Test
  void heartbeatsEvery3SecondsUnlessTheUserSetThem() {
    assertEquals(Map.of("spark.executor.heartbeatInterval", "3s", "spark.ui.enabled", "false"),
        SparkSessions.withJobDefaults(Map.of("spark.ui.enabled", "false")));
    assertEquals(Map.of("spark.executor.heartbeatInterval", "20s"),
        SparkSessions.withJobDefaults(Map.of("spark.executor.heartbeatInterval", "20s")));
    System.setProperty("spark.executor.heartbeatInterval", "15s"); // as spark-submit --conf sets it
    try {
      assertEquals(Map.of(), SparkSessions.withJobDefaults(Map.of()));
    } finally {
      System.clearProperty("spark.executor.heartbeatInterval");
    }
  }
}
