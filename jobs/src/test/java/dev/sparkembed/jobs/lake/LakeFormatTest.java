package dev.sparkembed.jobs.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sparkembed.jobs.UserInputException;
import org.junit.jupiter.api.Test;

class LakeFormatTest {

  @Test
  void aSparkLineWithoutABuildOfTheFormatIsAOneLineErrorBeforeAnyOfItsClassesLoad() {
    UserInputException delta = assertThrows(UserInputException.class,
        () -> LakeFormat.DELTA.requireLibrary("4.2.0", "2.13"));
    assertEquals("delta tables have no build for Spark 4.2 (this Spark is 4.2.0; the newest Delta Lake, 4.2.0, targets "
        + "Spark 4.1): write Parquet, or run on Spark 3.5, 4.0 or 4.1", delta.getMessage());
    UserInputException iceberg = assertThrows(UserInputException.class,
        () -> LakeFormat.ICEBERG.requireLibrary("3.4.4", "2.12"));
    assertEquals("iceberg tables have no build for Spark 3.4 (this Spark is 3.4.4; Iceberg publishes Spark runtimes up "
        + "to 4.1): write Parquet, or run on Spark 3.5, 4.0 or 4.1", iceberg.getMessage());
  }

  @Test
  void theLinesWithABuildLoadTheLibraryFromTheClasspath() {
    // The tests run with both libraries of their line on the classpath; other lines check the same classes.
    LakeFormat.DELTA.requireLibrary("4.1.0", "2.13");
    LakeFormat.ICEBERG.requireLibrary("4.0.1", "2.13");
    LakeFormat.ICEBERG.requireLibrary("3.5.6", "2.12");
    LakeFormat.DELTA.requireLibrary();
  }

  @Test
  void sparkLineIsMajorDotMinor() {
    assertEquals("4.1", LakeFormat.sparkLine("4.1.0"));
    assertEquals("4.2", LakeFormat.sparkLine("4.2.1-SNAPSHOT"));
    assertEquals("3.5", LakeFormat.sparkLine("3.5"));
  }
}
