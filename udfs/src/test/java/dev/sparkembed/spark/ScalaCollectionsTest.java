package dev.sparkembed.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalaCollectionsTest {

  @Test
  void listsKeepTheirOrderBothWays() {
    scala.collection.immutable.List<String> inScala = ScalaCollections.toScala(List.of("a", "b", "c"));
    assertEquals(3, inScala.size());
    assertEquals("a", inScala.head());
    assertEquals("c", inScala.last());
    assertEquals(List.of("a", "b", "c"), ScalaCollections.toJava(inScala));
    assertEquals(List.of(), ScalaCollections.toJava(ScalaCollections.toScala(List.of())));
  }

  @Test
  void mapsKeepEveryEntryAndComeBackUnmodifiable() {
    scala.collection.immutable.Map<String, Integer> inScala = new scala.collection.immutable.Map.Map2<>("gpu", 2, "fpga", 1);
    Map<String, Integer> java = ScalaCollections.toJava(inScala);
    assertEquals(Map.of("gpu", 2, "fpga", 1), java);
    assertThrows(UnsupportedOperationException.class, () -> java.put("tpu", 4));
  }
}
