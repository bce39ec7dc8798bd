package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.jobs.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way the embed command refuses its input: exit code 2 and one line on stderr. */
class EmbedCommandErrorsTest {

  @TempDir Path dir;
  private Path input;
  private Path output;

  @BeforeAll
  static void startSpark() {
    TestSpark.session();
  }

  @Test
  void badFlagsAndConfigFailBeforeAnySparkJob() throws IOException {
    input = Files.write(dir.resolve("in.jsonl"), List.of("{\"id\":1,\"text\":\"hello\"}"));
    output = dir.resolve("out");
    Path unknownKey = Files.writeString(dir.resolve("unknown.json"), "{\"input\": \"x\", \"batchsize\": 3}");
    Path brokenJson = Files.writeString(dir.resolve("broken.json"), "{\"input\": ");
    Path file = Files.writeString(dir.resolve("notes.xml"), "<a/>");
    Path emptyDir = Files.createDirectories(dir.resolve("empty"));

    int jobsBefore = TestSpark.jobsStarted();
    expect("input " + dir.resolve("missing.jsonl") + " does not exist",
        "embed", "--input", dir.resolve("missing.jsonl").toString(), "--output", output.toString());
    expect("input " + emptyDir + " has no data files", "embed", "--input", emptyDir.toString(), "--output", output.toString());
    expect("cannot tell the format of input " + file + " from 'notes.xml'; pass --input-format (jsonl, parquet, csv, text, delta, iceberg)",
        "embed", "--input", file.toString(), "--output", output.toString());
    expect("--input is required", "embed", "--output", output.toString());
    expect("--output is required", "embed", "--input", input.toString());
    expect("Invalid value for option '--batch-size': 'abc' is not an int (see 'spark-embed embed --help')",
        withIo("--batch-size", "abc"));
    expect("--batch-size must be at least 1, got 0", withIo("--batch-size", "0"));
    expect("--window-size must be at least 1, got -5", withIo("--window-size", "-5"));
    expect("bad output format 'xml' (expected parquet, jsonl, delta, iceberg)", withIo("--output-format", "xml"));
    expect("bad input format 'xml' (expected jsonl, parquet, csv, text, delta, iceberg)", withIo("--input-format", "xml"));
    expect("bad mode 'append' (expected error, overwrite, merge)", withIo("--mode", "append"));
    expect("bad --csv-escape 'double' (expected quote, backslash)", withIo("--csv-escape", "double"));
    expect("Unknown option: '--colour' (see 'spark-embed embed --help')", withIo("--colour"));
    expect("unknown model 'no-such-model': not a built-in model (all-minilm-l6-v2, all-minilm-l6-v2-q, bge-small-en-v1.5, "
        + "bge-small-en-v1.5-q) and no such folder", withIo("--model", "no-such-model"));
    expect("config file " + dir.resolve("nope.json") + " does not exist", withIo("--config", dir.resolve("nope.json").toString()));
    assertTrue(run(withIo("--config", unknownKey.toString())).errorLine().startsWith(
        "spark-embed: error: unknown key 'batchsize' in config file " + unknownKey + " (known keys: input, input-format, id-col,"));
    assertTrue(run(withIo("--config", brokenJson.toString())).errorLine().startsWith(
        "spark-embed: error: config file " + brokenJson + " is not valid: "));
    // Values of the wrong JSON type name their key; a fraction for a count was cut to 1, silently.
    String[][] badValues = {
        {"{\"batch-size\": 1.5}", "'batch-size' must be a whole number, written without a decimal point"},
        {"{\"batch-size\": \"many\"}", "'batch-size' must be a whole number, written without a decimal point"},
        {"{\"keep-cols\": \"lang\"}", "'keep-cols' must be a list ([...])"},
        {"{\"keep-cols\": [\"lang\", {\"a\": 1}]}", "each item of 'keep-cols' must be a string"},
        {"{\"conf\": [\"spark.x=1\"]}", "'conf' must be an object ({\"name\": \"value\", ...})"},
        {"{\"conf\": {\"spark.x\": [1]}}", "'conf' entry 'spark.x' must be a string"}};
    for (String[] bad : badValues) {
      Path config = Files.writeString(dir.resolve("bad-value.json"), bad[0]);
      expect("config file " + config + " is not valid: " + bad[1], withIo("--config", config.toString()));
    }
    expect("output " + input + " overlaps input " + input + "; write somewhere else",
        "embed", "--input", input.toString(), "--output", input.toString());
    assertEquals(jobsBefore, TestSpark.jobsStarted(), "these errors come before any Spark job");
    assertFalse(Files.exists(output), "nothing written");
  }

  @Test
  void badColumnsFailBeforeTheEmbedStage() throws IOException {
    output = dir.resolve("out");
    Path numbers = Files.write(dir.resolve("numbers.jsonl"), List.of("{\"id\":1,\"text\":42}", "{\"id\":2,\"text\":7}"));
    Path noText = Files.write(dir.resolve("notext.jsonl"), List.of("{\"id\":1,\"body\":\"hi\"}"));
    expect("text column 'text' is bigint, not a string", "embed", "--input", numbers.toString(), "--output", output.toString());
    expect("input has no text column 'text' (columns: body, id); name it with --text-col",
        "embed", "--input", noText.toString(), "--output", output.toString());
    expect("input has no id column 'key' (columns: body, id); leave --id-col out to derive ids from the content",
        "embed", "--input", noText.toString(), "--text-col", "body", "--id-col", "key", "--output", output.toString());
    expect("input has no column 'lang' to keep (columns: body, id)",
        "embed", "--input", noText.toString(), "--text-col", "body", "--keep-cols", "lang", "--output", output.toString());
    Path empty = Files.write(dir.resolve("empty.jsonl"), List.of());
    Path blankOrBroken = Files.write(dir.resolve("blank.jsonl"), List.of("", "  ", "{not json"));
    expect("input " + empty + " holds no records, so it has no text column 'text'",
        "embed", "--input", empty.toString(), "--output", output.toString());
    expect("input " + blankOrBroken + " holds no records, so it has no text column 'text'",
        "embed", "--input", blankOrBroken.toString(), "--output", output.toString());
    assertFalse(Files.exists(output), "no embed stage ran, nothing written");
  }

  @Test
  void helpListsEveryFlag() {
    CliRun help = CliRun.of("embed", "--help");
    assertEquals(0, help.exitCode());
    for (String flag : List.of("--input", "--input-format", "--id-col", "--text-col", "--output", "--output-format", "--model",
        "--batch-size", "--keep-cols", "--mode", "--master", "--conf", "--config")) {
      assertTrue(help.out().contains(flag), flag);
    }
  }

  private String[] withIo(String... extra) {
    List<String> args = new ArrayList<>(List.of("embed", "--input", input.toString(), "--output", output.toString()));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  private static CliRun run(String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(2, run.exitCode(), "exit code of " + String.join(" ", args) + "; stderr: " + run.err());
    assertEquals(1, run.err().strip().lines().count(), "one line on stderr: " + run.err());
    assertEquals("", run.out(), "nothing on stdout");
    return run;
  }

  private static void expect(String message, String... args) {
    assertEquals("spark-embed: error: " + message, run(args).errorLine());
  }
}
