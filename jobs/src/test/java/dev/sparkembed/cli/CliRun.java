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

  /** The error line: the last line of stderr. */
  public String errorLine() {
    String[] lines = err.strip().split("\\R");
    return lines[lines.length - 1];
  }
}
