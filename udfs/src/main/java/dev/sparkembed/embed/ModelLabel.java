package dev.sparkembed.embed;

import java.io.Serializable;

/**
 * What the output's {@code model} column says made a vector: the model (name and a short hash of
 * its files, e.g. {@code bge-small-en-v1.5@3a1b2c4d5e6f}) and the prefix put before every text.
 * Written as {@code <model>} without a prefix, else {@code <model> prefix="<prefix>"} with the
 * prefix quoted as a JSON string, so two labels are equal exactly when model and prefix are.
 *
 * @param model name@fingerprint
 * @param prefix prepended to each text before tokenization; empty for none
 */
public record ModelLabel(String model, String prefix) implements Serializable {

  private static final String PREFIX_MARK = " prefix=";

  public ModelLabel {
    if (model == null || model.isBlank() || model.contains(PREFIX_MARK)) {
      throw new IllegalArgumentException("bad model name '" + model + "'");
    }
    prefix = prefix == null ? "" : prefix;
  }

  public static ModelLabel parse(String label) {
    int mark = label.indexOf(PREFIX_MARK);
    if (mark < 0) {
      return new ModelLabel(label, "");
    }
    return new ModelLabel(label.substring(0, mark), unquote(label.substring(mark + PREFIX_MARK.length())));
  }

  /** The text the model sees. */
  public String apply(String text) {
    return prefix.isEmpty() || text == null ? text : prefix + text;
  }

  @Override
  public String toString() {
    return prefix.isEmpty() ? model : model + PREFIX_MARK + quote(prefix);
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String unquote(String quoted) {
    if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
      throw new IllegalArgumentException("bad prefix in model label: " + quoted);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < quoted.length() - 1; i++) {
      char c = quoted.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = quoted.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) Integer.parseInt(quoted.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(next);
      }
    }
    return out.toString();
  }
}
