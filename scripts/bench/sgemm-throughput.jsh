// Single-threaded sgemm throughput of the BLAS that the joins use (netlib through MLlib), for the
// product shapes they run: right rows x 256 left rows x 384 dims. Run by
// scripts/bench/jshell.sh scripts/bench/sgemm-throughput.jsh (OPENBLAS_NUM_THREADS=1).
import dev.ludovic.netlib.blas.BLAS;
BLAS blas = BLAS.getInstance();
System.out.println("BLAS: " + blas.getClass().getSimpleName());
void time(int n, int m, int k, int reps) {
  float[] a = new float[n * k], b = new float[m * k], c = new float[n * m];
  java.util.Random random = new java.util.Random(1);
  for (int i = 0; i < a.length; i++) a[i] = random.nextFloat();
  for (int i = 0; i < b.length; i++) b[i] = random.nextFloat();
  for (int w = 0; w < 3; w++) blas.sgemm("T", "N", n, m, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
  long start = System.nanoTime();
  for (int r = 0; r < reps; r++) blas.sgemm("T", "N", n, m, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
  double seconds = (System.nanoTime() - start) / 1e9;
  System.out.printf("sgemm %d x %d x %d: %.1f GFLOP/s%n", n, m, k, 2.0 * n * m * k * reps / seconds / 1e9);
}
time(158, 256, 384, 2000);   // an IVF list of average size at 100k
time(632, 256, 384, 500);    // ranking 632 centroids
time(4096, 256, 384, 100);   // an exact-join block
/exit
