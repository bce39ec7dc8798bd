package dev.sparkembed.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NeighboursTest {

  @Test
  void keepsTheBestKWithTiesBrokenById() {
    Neighbours n = new Neighbours(3);
    n.offer("d", 0.5f);
    n.offer("b", 0.9f);
    n.offer("c", 0.5f);
    n.offer("a", 0.5f);
    n.offer("e", 0.1f);
    assertEquals(List.of("b", "a", "c"), ids(n));
    assertEquals(0.5f, n.floor());
  }

  @Test
  void survivesSerialisationAsSparkShufflesIt() throws Exception {
    Neighbours n = new Neighbours(2);
    n.offer("é-unicode", 0.8f);
    n.offer("b", 0.3f);
    n.offer("c", 0.5f);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(n);
    }
    Neighbours copy;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Neighbours) in.readObject();
    }
    assertEquals(List.of("é-unicode", "c"), ids(copy));
    assertEquals(0.5f, copy.floor());
    copy.offer("d", 0.9f); // still bounded by k after the round trip
    assertEquals(List.of("d", "é-unicode"), ids(copy));
  }

  @Test
  void unboundedKeepsEverythingAndMergeIsOrderFree() {
    Neighbours left = new Neighbours(null);
    left.offer("x", 0.2f);
    Neighbours right = new Neighbours(null);
    right.offer("y", 0.7f);
    right.offer("z", 0.2f);
    assertEquals(List.of("y", "x", "z"), ids(left.merge(right)));

    Neighbours a = new Neighbours(2);
    a.offer("p", 0.3f);
    a.offer("q", 0.8f);
    Neighbours b = new Neighbours(2);
    b.offer("r", 0.9f);
    b.offer("s", 0.1f);
    assertEquals(List.of("r", "q"), ids(a.merge(b)));
  }

  @Test
  void equalsSortingEverythingOnRandomOffersWithManyTies() {
    java.util.Random random = new java.util.Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int k = 1 + random.nextInt(12);
      int offers = random.nextInt(300);
      Neighbours bounded = new Neighbours(k);
      List<Neighbours.Match> all = new java.util.ArrayList<>();
      for (int i = 0; i < offers; i++) {
        // Few distinct scores and ids: ties on score, and repeats of the same match.
        Neighbours.Match m = new Neighbours.Match("id" + random.nextInt(50), random.nextInt(8) / 8f);
        bounded.offer(m.rightId(), m.score());
        all.add(m);
      }
      all.sort((a, b) -> Neighbours.worseFirst(b, a));
      assertEquals(all.subList(0, Math.min(k, all.size())), bounded.sorted(), "trial " + trial);
      assertEquals(all.size() < k ? Float.NEGATIVE_INFINITY : all.get(k - 1).score(), bounded.floor());
    }
  }

  private static List<String> ids(Neighbours n) {
    return n.sorted().stream().map(Neighbours.Match::rightId).toList();
  }
}
