package dev.sparkembed.jobs.cluster;

/** Figures and texts as the summary and report show them. */
public final class Format {

  static final int SNIPPET_CHARS = 400;

  private Format() {}

  public static double round(double value) {
    return Math.round(value * 1e4) / 1e4;
  }

  public static String snippet(String text) {
    if (text == null) {
      return null;
    }
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS - 1) + "…";
  }
}
