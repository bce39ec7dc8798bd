package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/** Where and how a job runs, the same for every job ({@link FlagGroup}): write mode, Spark master and conf. */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record SparkRun(
    @Flag(value = "error (refuse an output that holds data), overwrite, or merge (embed: upsert by id into a Delta or Iceberg table).",
        label = "MODE", defaultValue = "error") String mode,
    @Flag(value = "Spark master.", label = "URL", defaultValue = "local[*]") String master,
    @Flag(value = "Spark configuration; repeatable.", label = "KEY=VALUE") Map<String, String> conf) {

  public WriteMode writeMode() {
    return WriteMode.parse(mode);
  }

  /**
   * The mode of a job that rewrites its output whole (join, dedup, cluster, classify): merge is
   * refused, where it used to replace the output as overwrite does, silently.
   */
  public WriteMode wholeOutputMode() {
    WriteMode parsed = writeMode();
    if (parsed == WriteMode.MERGE) {
      throw new UserInputException("--mode merge upserts embeddings into a Delta or Iceberg table, which only embed does;"
          + " this command writes its output whole: --mode overwrite replaces it");
    }
    return parsed;
  }
}
