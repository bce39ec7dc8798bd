package dev.sparkembed.similarity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The best right rows found so far for one left row: at most k (all when k is null), each scoring
 * at least the threshold. Order is score descending, then right id ascending, so ties are
 * deterministic. Partial results from different blocks merge.
 */
public final class Neighbours implements Serializable {

  /** One scored right row. */
  public record Match(String rightId, float score) implements Serializable {}

  private final Integer k;
  // Worst match on top, so a better one can evict it in O(log k). The comparator is a named
  // Serializable class: Spark shuffles these objects, and a lambda comparator would not serialize.
  // Transient: written compactly (id, score pairs) by writeObject, since joins shuffle millions.
  private transient PriorityQueue<Match> heap = new PriorityQueue<>(new WorseFirst());

  private static final class WorseFirst implements Comparator<Match>, Serializable {
    @Override
    public int compare(Match a, Match b) {
      return worseFirst(a, b);
    }
  }

  public Neighbours(Integer k) {
    this.k = k;
  }

  /** "a is worse than b": lower score, or equal score and larger id. */
  static int worseFirst(Match a, Match b) {
    int byScore = Float.compare(a.score(), b.score());
    return byScore != 0 ? byScore : b.rightId().compareTo(a.rightId());
  }

  public void offer(String rightId, float score) {
    if (k != null && heap.size() == k) {
      Match worst = heap.peek();
      if (worseFirst(new Match(rightId, score), worst) <= 0) {
        return;
      }
      heap.poll();
    }
    heap.add(new Match(rightId, score));
  }

  /** The score a new match must beat to enter (negative infinity while not full). */
  public float floor() {
    return k != null && heap.size() == k ? heap.peek().score() : Float.NEGATIVE_INFINITY;
  }

  public Neighbours merge(Neighbours other) {
    for (Match m : other.heap) {
      offer(m.rightId(), m.score());
    }
    return this;
  }

  /** Best first. */
  public List<Match> sorted() {
    Match[] matches = heap.toArray(new Match[0]);
    Arrays.sort(matches, (a, b) -> worseFirst(b, a));
    return new ArrayList<>(Arrays.asList(matches));
  }

  public int size() {
    return heap.size();
  }

  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    out.defaultWriteObject();
    out.writeInt(heap.size());
    for (Match match : heap) {
      out.writeUTF(match.rightId());
      out.writeFloat(match.score());
    }
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    int size = in.readInt();
    heap = new PriorityQueue<>(Math.max(1, size), new WorseFirst());
    for (int i = 0; i < size; i++) {
      heap.add(new Match(in.readUTF(), in.readFloat()));
    }
  }
}
