package dev.sparkembed.similarity;

/** A slice of left rows and, per list (a centroid index), which of them probe it. */
record ProbedSlice(VectorBlock queries, int[][] probingRows, int[] nearest) implements java.io.Serializable {
  static ProbedSlice of(VectorBlock queries, int[][] probed, int lists) {
    // Counting sort by list: a slice of 100k rows makes millions of (list, row) entries.
    int[] counts = new int[lists];
    for (int[] probedLists : probed) {
      for (int list : probedLists) {
        counts[list]++;
      }
    }
    int[][] index = new int[lists][];
    for (int list = 0; list < lists; list++) {
      index[list] = new int[counts[list]];
    }
    int[] filled = new int[lists];
    int[] nearest = new int[probed.length];
    for (int row = 0; row < probed.length; row++) {
      for (int list : probed[row]) {
        index[list][filled[list]++] = row;
      }
      nearest[row] = probed[row].length == 0 ? -1 : probed[row][0];
    }
    return new ProbedSlice(queries, index, nearest);
  }

  int[] probing(int list) {
    return probingRows[list];
  }

  /** Rows whose nearest list (first probe) is {@code list}. */
  int[] nearestTo(int list) {
    return java.util.Arrays.stream(probingRows[list]).filter(row -> nearest[row] == list).toArray();
  }

  VectorBlock gather(int[] rows) {
    int dim = queries.dim();
    String[] ids = new String[rows.length];
    float[] data = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      ids[i] = queries.id(rows[i]);
      queries.copyRow(rows[i], data, i * dim);
    }
    return new VectorBlock(ids, data, dim);
  }
}
