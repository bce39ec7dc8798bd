package dev.sparkembed.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * Scala collections to Java and back, written against what Scala 2.12 and 2.13 share (iterators and
 * {@code List}'s cons), so that one source serves every Spark line: 2.13's
 * {@code scala.jdk.javaapi.CollectionConverters} does not exist in 2.12.
 */
public final class ScalaCollections {

  private ScalaCollections() {}

  /** The elements, in order, as an unmodifiable Java list. */
  public static <T> List<T> toJava(scala.collection.Iterable<T> elements) {
    List<T> list = new ArrayList<>();
    for (Iterator<T> it = elements.iterator(); it.hasNext(); ) {
      list.add(it.next());
    }
    return Collections.unmodifiableList(list);
  }

  /** The entries, in the map's iteration order, as an unmodifiable Java map. */
  public static <K, V> Map<K, V> toJava(scala.collection.Map<K, V> map) {
    Map<K, V> result = new LinkedHashMap<>();
    for (Iterator<Tuple2<K, V>> it = map.iterator(); it.hasNext(); ) {
      Tuple2<K, V> entry = it.next();
      result.put(entry._1(), entry._2());
    }
    return Collections.unmodifiableMap(result);
  }

  /** The elements, in order, as a Scala list (a {@code Seq} in both Scala versions). */
  public static <T> scala.collection.immutable.List<T> toScala(List<T> elements) {
    scala.collection.immutable.List<T> list = scala.collection.immutable.List$.MODULE$.empty();
    for (int i = elements.size() - 1; i >= 0; i--) {
      list = list.$colon$colon(elements.get(i));
    }
    return list;
  }
}
