package dev.sparkembed.cluster;

import dev.sparkembed.similarity.VectorBlock;
import java.util.Random;

/** Unit vectors in tight blobs around random centres on the sphere: row i belongs to blob i % blobs. */
final class Blobs {

  private Blobs() {}

  static VectorBlock of(int blobs, int perBlob, int dim, double spread, long seed) {
    Random random = new Random(seed);
    double[][] centres = new double[blobs][dim];
    for (double[] centre : centres) {
      for (int d = 0; d < dim; d++) {
        centre[d] = random.nextGaussian();
      }
    }
    int n = blobs * perBlob;
    String[] ids = new String[n];
    float[] data = new float[n * dim];
    for (int i = 0; i < n; i++) {
      ids[i] = "r" + i;
      double norm = 0;
      double[] v = new double[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = centres[i % blobs][d] + spread * random.nextGaussian();
        norm += v[d] * v[d];
      }
      for (int d = 0; d < dim; d++) {
        data[i * dim + d] = (float) (v[d] / Math.sqrt(norm));
      }
    }
    return new VectorBlock(ids, data, dim);
  }
}
