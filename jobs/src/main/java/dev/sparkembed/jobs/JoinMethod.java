package dev.sparkembed.jobs;

/** How the join finds neighbours. */
public enum JoinMethod {
  EXACT, IVF, LSH;

  public static JoinMethod parse(String value) {
    return switch (value) {
      case "exact" -> EXACT;
      case "ivf" -> IVF;
      case "lsh" -> LSH;
      default -> throw new UserInputException("bad method '" + value + "' (expected exact, ivf, lsh)");
    };
  }
}
