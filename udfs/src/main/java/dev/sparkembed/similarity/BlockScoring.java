package dev.sparkembed.similarity;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/** What the methods share: rows into blocks, blocks into partial top-k lists ({@link PartialTopK} merges them). */
final class BlockScoring {

  private BlockScoring() {}

  static List<VectorBlock> toBlocks(Iterator<IdVector> rows, int blockRows) {
    List<VectorBlock> blocks = new ArrayList<>();
    List<IdVector> current = new ArrayList<>();
    int dim = -1;
    while (rows.hasNext()) {
      IdVector row = rows.next();
      if (dim < 0) {
        dim = row.vector().length;
      }
      current.add(row);
      if (current.size() == blockRows) {
        blocks.add(VectorBlock.of(current, dim));
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      blocks.add(VectorBlock.of(current, dim));
    }
    return blocks;
  }

  /** Each row of {@code left} against every block of {@code rights}: one partial top-k per left row that found any. */
  static Iterator<Tuple2<String, Neighbours>> score(
      VectorBlock left, List<VectorBlock> rights, Integer k, float threshold, boolean excludeSelf) {
    Neighbours[] neighbours = empty(left.size(), k);
    for (VectorBlock right : rights) {
      left.scoreAgainst(right, neighbours, threshold, excludeSelf);
    }
    List<Tuple2<String, Neighbours>> out = new ArrayList<>();
    collect(left, neighbours, out);
    return out.iterator();
  }

  /** Two different blocks of one side scored once, both ways: a partial top-k per row of either that found any. */
  static Iterator<Tuple2<String, Neighbours>> scoreBothWays(VectorBlock a, VectorBlock b, Integer k, float threshold) {
    Neighbours[] forA = empty(a.size(), k);
    Neighbours[] forB = empty(b.size(), k);
    a.scoreBothWays(b, forA, forB, threshold);
    List<Tuple2<String, Neighbours>> out = new ArrayList<>();
    collect(a, forA, out);
    collect(b, forB, out);
    return out.iterator();
  }

  private static Neighbours[] empty(int rows, Integer k) {
    Neighbours[] neighbours = new Neighbours[rows];
    for (int i = 0; i < rows; i++) {
      neighbours[i] = new Neighbours(k);
    }
    return neighbours;
  }

  private static void collect(VectorBlock block, Neighbours[] neighbours, List<Tuple2<String, Neighbours>> out) {
    for (int i = 0; i < neighbours.length; i++) {
      if (neighbours[i].size() > 0) {
        out.add(new Tuple2<>(block.id(i), neighbours[i]));
      }
    }
  }
}
