package dev.sparkembed.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.sparkembed.model.Pooling;
import org.junit.jupiter.api.Test;

class PoolerTest {

  // Two rows, width 3, dim 2; row 1 has one padding token whose values must not count.
  private final float[] hidden = {
    1, 2, 3, 4, 5, 6,
    10, 0, 20, 0, 99, 99,
  };

  @Test
  void meanPoolingUsesOnlyRealTokens() {
    assertArrayEquals(new float[] {3, 4}, Pooler.pool(hidden, 0, 3, 2, 3, Pooling.MEAN, false));
    assertArrayEquals(new float[] {15, 0}, Pooler.pool(hidden, 1, 3, 2, 2, Pooling.MEAN, false));
  }

  @Test
  void clsPoolingTakesTheFirstToken() {
    assertArrayEquals(new float[] {10, 0}, Pooler.pool(hidden, 1, 3, 2, 2, Pooling.CLS, false));
  }

  @Test
  void normalizeGivesUnitLength() {
    assertArrayEquals(new float[] {0.6f, 0.8f}, Pooler.l2Normalize(new float[] {3, 4}), 1e-7f);
    assertArrayEquals(new float[] {0, 0}, Pooler.l2Normalize(new float[] {0, 0}));
  }
}
