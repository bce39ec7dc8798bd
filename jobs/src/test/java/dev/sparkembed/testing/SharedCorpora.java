package dev.sparkembed.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real corpora of {@code ../shared/corpora} (beside the project root), read with {@code
 * xzcat}. A test that needs them skips where they are absent, except under CI ({@code CI=true}),
 * where they are always present and a missing folder is a failure, not a silent skip.
 */
public final class SharedCorpora {

  private SharedCorpora() {}

  /** The folder, found from the module's or the project's working directory. */
  public static Path folder() {
    for (Path candidate : List.of(Path.of("..", "..", "shared", "corpora"), Path.of("..", "shared", "corpora"))) {
      if (Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail("../shared/corpora is missing under CI, where it is always present");
    }
    Assumptions.abort("../shared/corpora is absent: tests on real corpora skipped");
    return null;
  }

  /**
   * The first {@code perLabel} lines of each of {@code labels}, in file order, as JSON objects.
   *
   * @param name a corpus file without {@code .jsonl.xz}, e.g. {@code brown_paragraphs}
   */
  public static List<JsonNode> firstPerLabel(String name, Set<String> labels, int perLabel) throws IOException, InterruptedException {
    Path file = folder().resolve(name + ".jsonl.xz");
    ObjectMapper json = new ObjectMapper();
    Map<String, Integer> taken = new HashMap<>();
    List<JsonNode> out = new ArrayList<>();
    Process xz = new ProcessBuilder("xzcat", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(xz.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && out.size() < labels.size() * perLabel) {
        JsonNode row = json.readTree(line);
        String label = row.path("label").asText();
        if (labels.contains(label) && taken.merge(label, 1, Integer::sum) <= perLabel) {
          out.add(row);
        }
      }
    } finally {
      xz.destroy();
      xz.waitFor(10, TimeUnit.SECONDS);
    }
    return out;
  }

  /** Writes rows as JSON Lines. */
  public static Path writeJsonl(List<JsonNode> rows, Path file) throws IOException {
    StringBuilder text = new StringBuilder();
    for (JsonNode row : rows) {
      text.append(row.toString()).append('\n');
    }
    return Files.writeString(file, text.toString());
  }
}
