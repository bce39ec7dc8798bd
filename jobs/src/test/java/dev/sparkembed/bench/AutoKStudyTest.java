package dev.sparkembed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AutoKStudyTest {

  /** 1,050 rows with 53 labels of uneven sizes, as the bundled sample has. */
  private static String[] labels() {
    Random random = new Random(11);
    String[] labels = new String[1050];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = "label-" + (int) Math.floor(53 * Math.pow(random.nextDouble(), 1.5));
    }
    return labels;
  }

  @Test
  void clustersThatIgnoreTheLabelsScoreNmiAboveZeroButAdjustedNearZero() {
    String[] labels = labels();
    Random random = new Random(3);
    int[] blind = new int[labels.length];
    for (int i = 0; i < blind.length; i++) {
      blind[i] = random.nextInt(60);
    }
    double nmi = AutoKStudy.nmi(blind, labels);
    double chance = AutoKStudy.chanceNmi(blind, labels, new Random(5));
    // With about 17 rows per cluster, 60 clusters that know nothing of the labels already reach a
    // sizeable NMI: the bias the adjusted score removes.
    assertTrue(nmi > 0.15, "NMI of blind clusters: " + nmi);
    assertEquals(nmi, chance, 0.02);
    assertEquals(0, AutoKStudy.adjusted(nmi, chance), 0.03);
  }

  @Test
  void clustersThatAreTheLabelsHaveAChanceLevelFarBelowTheirNmiAndKeepTheirAssignment() {
    String[] labels = labels();
    int[] perfect = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      perfect[i] = Integer.parseInt(labels[i].substring("label-".length()));
    }
    int[] before = perfect.clone();
    double chance = AutoKStudy.chanceNmi(perfect, labels, new Random(5));
    assertEquals(1, AutoKStudy.nmi(perfect, labels), 1e-12);
    assertTrue(chance > 0.05 && chance < 0.5, "chance level of 53 clusters on 1,050 rows: " + chance);
    // The shuffles deal copies: the fit's assignment, which the study reads again, is left as it was.
    assertTrue(java.util.Arrays.equals(before, perfect), "chanceNmi shuffled the assignment it was given");
  }
}
