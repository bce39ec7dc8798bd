package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterKeywordsTest {

  @Test
  void classBasedTfIdfByHand() {
    // Cluster 0: apple 4, pie 2, one 4 (10 terms); cluster 1: car 3, one 6, road 1 (10 terms).
    // A = 20 / 2 = 10; f: apple 4, pie 2, one 10, car 3, road 1. Weight: sqrt(share) ln(1 + A / f).
    // Cluster 0: apple √.4 ln 3.5 = .792, pie √.2 ln 6 = .801, one √.4 ln 2 = .438.
    // Cluster 1: car √.3 ln(13/3) = .803, road √.1 ln 11 = .758, one √.6 ln 2 = .537.
    Map<Integer, List<String>> top = ClusterKeywords.top(Map.of(
        0, Map.of("apple", 4L, "pie", 2L, "one", 4L),
        1, Map.of("car", 3L, "one", 6L, "road", 1L)), 3);
    assertEquals(List.of("pie", "apple", "one"), top.get(0));
    assertEquals(List.of("car", "road", "one"), top.get(1));
  }

  @Test
  void aTermWhoseWordsAreAlreadyKeywordsIsSkipped() {
    // A = 54 / 2 = 27. Cluster 0 (14 terms): new york √(8/14) ln(1 + 27/8) = 1.116, city √(3/14) ln 10 = 1.066,
    // york √(2/14) ln 14.5 = 1.011, new √(1/14) ln 28 = 0.891.
    Map<Integer, List<String>> top = ClusterKeywords.top(Map.of(
        0, Map.of("new york", 8L, "york", 2L, "city", 3L, "new", 1L),
        1, Map.of("farm", 30L, "cows", 10L)), 3);
    assertEquals(List.of("new york", "city"), top.get(0), "york and new are in new york");
  }

  @Test
  void wordsKeepTheirInnerApostrophes() {
    List<String> words = java.util.Arrays.stream("Doesn't rock'n'roll, dogs' 'tis ’twas".split(ClusterKeywords.WORD_GAPS))
        .filter(w -> !w.isEmpty()).toList();
    assertEquals(List.of("Doesn't", "rock'n'roll", "dogs", "tis", "twas"), words);
  }

  @Test
  void sharedShareCountsEntriesRepeatedElsewhere() {
    assertEquals(0.0, ClusterKeywords.sharedShare(Map.of(0, List.of("a", "b"), 1, List.of("c", "d"))));
    assertEquals(0.5, ClusterKeywords.sharedShare(Map.of(0, List.of("a", "b"), 1, List.of("a", "d"))));
  }
}
