package dev.sparkembed.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the CLI, with what it printed. */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SparkEmbedCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * Stderr without the start-up notice that joins, dedup and clustering print on a machine with no
   * native BLAS (a fact about the machine, not about the input); everything else is kept.
   */
  public String messages() {
    return dev.sparkembed.similarity.NativeBlas.missingNotice()
        .map(notice -> err.lines().filter(line -> !line.equals(notice)).collect(java.util.stream.Collectors.joining("\n")))
        .orElse(err);
  }

  /** The error line: the last line of stderr. */
  public String errorLine() {
    String[] lines = err.strip().split("\\R");
    return lines[lines.length - 1];
  }
}
