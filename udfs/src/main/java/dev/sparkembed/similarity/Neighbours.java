package dev.sparkembed.similarity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The best right rows found so far for one left row: at most k (all when k is null), each scoring
 * at least the threshold. Order is score descending, then right id ascending, so ties are
 * deterministic. Partial results from different blocks merge.
 *
 * <p>Held in two parallel arrays, as a binary heap with the worst match at the root when k is
 * set: joins offer this object billions of scores, and an object per accepted match plus a
 * comparator call per heap step made it the hottest code of an IVF join.
 */
public final class Neighbours implements Serializable {

  /** One scored right row. */
  public record Match(String rightId, float score) implements Serializable {}

  private final Integer k;
  // Transient: written compactly (id, score pairs) by writeObject, since joins shuffle millions.
  private transient String[] ids;
  private transient float[] scores;
  private transient int size;

  public Neighbours(Integer k) {
    this.k = k;
    int capacity = k == null ? 8 : Math.max(1, k);
    this.ids = new String[capacity];
    this.scores = new float[capacity];
  }

  /** "a is worse than b": lower score, or equal score and larger id. */
  static int worseFirst(Match a, Match b) {
    return worseFirst(a.score(), a.rightId(), b.score(), b.rightId());
  }

  private static int worseFirst(float scoreA, String idA, float scoreB, String idB) {
    int byScore = Float.compare(scoreA, scoreB);
    return byScore != 0 ? byScore : idB.compareTo(idA);
  }

  public void offer(String rightId, float score) {
    if (k == null) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
        scores = Arrays.copyOf(scores, size * 2);
      }
      ids[size] = rightId;
      scores[size++] = score;
      return;
    }
    if (size == k) {
      if (worseFirst(score, rightId, scores[0], ids[0]) <= 0) {
        return;
      }
      ids[0] = rightId;
      scores[0] = score;
      siftDown(0);
    } else {
      ids[size] = rightId;
      scores[size] = score;
      siftUp(size++);
    }
  }

  private void siftUp(int at) {
    String id = ids[at];
    float score = scores[at];
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (worseFirst(score, id, scores[parent], ids[parent]) >= 0) {
        break;
      }
      ids[at] = ids[parent];
      scores[at] = scores[parent];
      at = parent;
    }
    ids[at] = id;
    scores[at] = score;
  }

  private void siftDown(int at) {
    String id = ids[at];
    float score = scores[at];
    int half = size >>> 1;
    while (at < half) {
      int child = 2 * at + 1;
      int right = child + 1;
      if (right < size && worseFirst(scores[right], ids[right], scores[child], ids[child]) < 0) {
        child = right;
      }
      if (worseFirst(score, id, scores[child], ids[child]) <= 0) {
        break;
      }
      ids[at] = ids[child];
      scores[at] = scores[child];
      at = child;
    }
    ids[at] = id;
    scores[at] = score;
  }

  /** The score a new match must beat to enter (negative infinity while not full). */
  public float floor() {
    return k != null && size == k ? scores[0] : Float.NEGATIVE_INFINITY;
  }

  public Neighbours merge(Neighbours other) {
    for (int i = 0; i < other.size; i++) {
      offer(other.ids[i], other.scores[i]);
    }
    return this;
  }

  /** Best first. */
  public List<Match> sorted() {
    List<Match> matches = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      matches.add(new Match(ids[i], scores[i]));
    }
    matches.sort((a, b) -> worseFirst(b, a));
    return matches;
  }

  public int size() {
    return size;
  }

  /** The i-th match's right id, in no particular order (i &lt; size()): for packing without sorting. */
  String idAt(int i) {
    return ids[i];
  }

  /** The i-th match's score, in the order of {@link #idAt}. */
  float scoreAt(int i) {
    return scores[i];
  }

  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    out.defaultWriteObject();
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeUTF(ids[i]);
      out.writeFloat(scores[i]);
    }
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    int count = in.readInt();
    int capacity = Math.max(Math.max(1, count), k == null ? 8 : k);
    ids = new String[capacity];
    scores = new float[capacity];
    size = 0;
    for (int i = 0; i < count; i++) {
      offer(in.readUTF(), in.readFloat());
    }
  }
}
