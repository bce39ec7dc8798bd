package dev.sparkembed.similarity;

import dev.sparkembed.embed.ModelLabel;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the vectors of a join can be compared. Two 384-dimensional models produce vectors of the
 * same shape whose cosines mean nothing to each other, so the model labels decide: each side must
 * hold one label, and both sides the same model. The sides may differ in prefix: asymmetric
 * retrieval embeds queries and passages with different prefixes on purpose. A side without a
 * {@code model} column (vectors from elsewhere) is not checked.
 */
public final class ModelCheck {

  private ModelCheck() {}

  /** The problem with comparing these sides, if any, as one line. */
  public static Optional<String> problem(JoinSide left, JoinSide right) {
    Optional<String> mixed = mixed("left input", left.models());
    if (mixed.isPresent() || left == right) {
      return mixed;
    }
    mixed = mixed("right input", right.models());
    if (mixed.isPresent() || left.models().isEmpty() || right.models().isEmpty()) {
      return mixed;
    }
    String leftModel = ModelLabel.parse(left.models().iterator().next()).model();
    String rightModel = ModelLabel.parse(right.models().iterator().next()).model();
    return leftModel.equals(rightModel) ? Optional.empty()
        : Optional.of("left input was embedded with " + leftModel + " but right input with " + rightModel
            + "; their similarities mean nothing");
  }

  /** The problem with one input whose vectors range in length from {@code shortest} to {@code longest}. */
  public static String differentLengths(long shortest, long longest) {
    return "holds vectors of different lengths, from " + shortest + " to " + longest + " (embeddings of different models?)";
  }

  /** The problem with vectors of these model labels read as one input ({@code side}), if any. */
  public static Optional<String> mixed(String side, Set<String> labels) {
    return labels.size() <= 1 ? Optional.empty()
        : Optional.of(side + " mixes " + labels.size() + " model labels (" + String.join("; ", new TreeSet<>(labels))
            + "); embed it again with one model and prefix");
  }
}
