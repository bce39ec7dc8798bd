package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.jobs.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ConcurrentModificationException;
import java.util.Deque;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
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

  /**
   * The failure a CI run of YarnClusterIT met in client mode: SparkContext's constructor failed in
   * SparkUI.attachAllHandlers while the application master's web-UI filter was being added.
   */
  private static ConcurrentModificationException uiFilterRace() {
    ConcurrentModificationException race = new ConcurrentModificationException();
    race.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("scala.collection.mutable.MutationTracker$", "checkMutations", "MutationTracker.scala", 43),
        new StackTraceElement("scala.collection.IterableOnceOps", "foreach", "IterableOnce.scala", 619),
        new StackTraceElement("org.apache.spark.ui.SparkUI", "$anonfun$attachAllHandlers$1", "SparkUI.scala", 77),
        new StackTraceElement("scala.Option", "foreach", "Option.scala", 437),
        new StackTraceElement("org.apache.spark.ui.SparkUI", "attachAllHandlers", "SparkUI.scala", 75),
        new StackTraceElement("org.apache.spark.SparkContext", "$anonfun$new$32", "SparkContext.scala", 692),
        new StackTraceElement("scala.Option", "foreach", "Option.scala", 437),
        new StackTraceElement("org.apache.spark.SparkContext", "<init>", "SparkContext.scala", 692),
    });
    return race;
  }

  /** Answers each get() with the next outcome: a session, or a failure to throw. */
  private static Supplier<SparkSession> starts(Object... outcomes) {
    Deque<Object> left = new ArrayDeque<>(java.util.List.of(outcomes));
    return () -> {
      Object next = left.pop();
      if (next instanceof Throwable failure) {
        throw SparkSessionsTest.<RuntimeException>asUnchecked(failure);
      }
      return (SparkSession) next;
    };
  }

  /** Throws checked exceptions undeclared, as Scala code does. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T asUnchecked(Throwable failure) throws T {
    throw (T) failure;
  }

  @Test
  void aStartThatLostSparksUiFilterRaceIsTriedOnceMore() {
    SparkSession session = TestSpark.session();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertSame(session, SparkSessions.start(starts(uiFilterRace(), session), new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("spark-embed: warning: Spark's UI start raced with YARN's web-UI filter"),
        err.toString(StandardCharsets.UTF_8));

    // Spark wraps some constructor failures in its own (checked) SparkException.
    assertSame(session, SparkSessions.start(starts(new org.apache.spark.SparkException("wrapped", uiFilterRace()), session),
        new PrintStream(new ByteArrayOutputStream())));

    // Once only: a second loss is the user's to see.
    ConcurrentModificationException again = uiFilterRace();
    assertSame(again, assertThrows(ConcurrentModificationException.class,
        () -> SparkSessions.start(starts(uiFilterRace(), again, session), new PrintStream(new ByteArrayOutputStream()))));
  }

  @Test
  void otherStartFailuresAreNotRetried() {
    SparkSession session = TestSpark.session();
    ConcurrentModificationException elsewhere = new ConcurrentModificationException();
    elsewhere.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("org.apache.spark.SparkContext", "<init>", "SparkContext.scala", 600)});
    IllegalStateException other = new IllegalStateException("no master");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertSame(elsewhere, assertThrows(ConcurrentModificationException.class,
        () -> SparkSessions.start(starts(elsewhere, session), new PrintStream(err))));
    assertSame(other, assertThrows(IllegalStateException.class,
        () -> SparkSessions.start(starts(other, session), new PrintStream(err))));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    // The race wrapped by whoever called the constructor is still the race.
    assertTrue(SparkSessions.lostUiFilterRace(new RuntimeException("wrapped", uiFilterRace())));
    assertFalse(SparkSessions.lostUiFilterRace(elsewhere));
  }
}
