package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's settings: one output root, and a section per stage with that job's own keys.
 * The pipeline owns the paths between stages (embed writes {@code <output>/embeddings}, join and
 * cluster read it), so a section may not set them; mode, master and conf are set once, at the top.
 *
 * @param join optional; no section, no join
 * @param cluster optional; no section, no clustering
 * @param classify optional; no section, no classifier (trains on the embeddings' label column)
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record PipelineConfig(
    @Flag(value = "The folder for all the pipeline's results.", label = "PATH") String output,
    @FlagGroup SparkRun run,
    EmbedJobConfig embed,
    JoinJobConfig join,
    ClusterJobConfig cluster,
    ClassifyJobConfig classify) {

  public static final String EMBEDDINGS_DIR = "embeddings";
  public static final String NEIGHBOURS_DIR = "neighbours";
  public static final String CLUSTERS_DIR = "clusters";
  public static final String REPORT_FILE = "report.html";
  public static final String CLASSIFIER_DIR = "classifier";
  public static final String CLASSIFIER_REPORT_FILE = "classifier-report.html";

  public static PipelineConfig read(Path file) {
    return ConfigFiles.read(file, PipelineConfig.class);
  }

  /** The stages' own configs, with the pipeline's paths filled in, defaults applied and validated. */
  public record Plan(String output, WriteMode mode, String master, Map<String, String> conf,
      EmbedJobConfig embed, Optional<JoinJobConfig> join, Optional<ClusterJobConfig> cluster,
      Optional<ClassifyJobConfig> classify) {}

  public Plan plan() {
    require(output != null && !output.isBlank(), "the pipeline needs \"output\" (the folder for all its results)");
    require(embed != null, "the pipeline needs an \"embed\" section");
    SparkRun given = ConfigFiles.withDefaults(Objects.requireNonNullElse(run, new SparkRun(null, null, null)));
    String modeValue = given.mode();
    WriteMode writeMode = given.writeMode();
    String masterValue = given.master();
    Map<String, String> confValue = given.conf();
    String embeddings = child(EMBEDDINGS_DIR);
    Map<String, Object> shared = new HashMap<>();
    shared.put("mode", modeValue);
    shared.put("master", masterValue);
    shared.put("conf", confValue);

    notInSection("embed", embed, "output", "mode", "master", "conf");
    // Clustering describes clusters by their texts (and labels): keep them in the embeddings.
    List<String> keep = new ArrayList<>(Objects.requireNonNullElse(embed.keepCols(), List.of()));
    if (cluster != null && cluster.text() == null) {
      addOnce(keep, Objects.requireNonNullElse(embed.textCol(), EmbedJobConfig.DEFAULT_TEXT_COL));
    }
    if (cluster != null && cluster.labelCol() != null) {
      addOnce(keep, cluster.labelCol());
    }
    // Classification trains on a label and compares against TF-IDF on the texts: keep both.
    if (classify != null) {
      addOnce(keep, Objects.requireNonNullElse(classify.labelCol(), "label"));
      if (classify.text() == null) {
        addOnce(keep, Objects.requireNonNullElse(embed.textCol(), EmbedJobConfig.DEFAULT_TEXT_COL));
      }
    }
    Map<String, Object> embedPaths = new HashMap<>(shared);
    embedPaths.put("output", embeddings);
    embedPaths.put("keep-cols", keep);
    EmbedJobConfig embedPlan = ConfigFiles.with(embed, embedPaths).withDefaults().validate();
    require(embedPlan.outputFormatValue() == OutputFormat.PARQUET,
        "the pipeline writes its embeddings as parquet; remove \"output-format\" from \"embed\"");

    // Later stages read the embeddings under the embed's column names, unless a section names its own.
    String idCol = Objects.requireNonNullElse(embedPlan.idCol(), EmbedJobConfig.DEFAULT_ID_COL);
    Optional<JoinJobConfig> joinPlan = Optional.ofNullable(join).map(j -> {
      notInSection("join", j, "left", "output", "mode", "master", "conf");
      Map<String, Object> paths = new HashMap<>(shared);
      paths.put("left", embeddings);
      paths.put("output", child(NEIGHBOURS_DIR));
      paths.put("id-col", Objects.requireNonNullElse(j.idCol(), idCol));
      return ConfigFiles.with(j, paths).withDefaults().validate();
    });
    Optional<ClusterJobConfig> clusterPlan = Optional.ofNullable(cluster).map(c -> {
      notInSection("cluster", c, "input", "output", "mode", "master", "conf");
      Map<String, Object> paths = new HashMap<>(shared);
      paths.put("input", embeddings);
      paths.put("output", child(CLUSTERS_DIR));
      paths.put("report", Objects.requireNonNullElse(c.report(), child(REPORT_FILE)));
      paths.put("id-col", Objects.requireNonNullElse(c.idCol(), idCol));
      // Without a separate text corpus the texts are the embed input's, under the embed's column name.
      paths.put("text-col", c.textCol() != null || c.text() != null ? c.textCol() : embedPlan.textCol());
      return ConfigFiles.with(c, paths).withDefaults().validate();
    });
    Optional<ClassifyJobConfig> classifyPlan = Optional.ofNullable(classify).map(c -> {
      notInSection("classify", c, "train", "model", "input", "output", "mode", "master", "conf");
      Map<String, Object> paths = new HashMap<>(shared);
      paths.put("train", embeddings);
      paths.put("output", child(CLASSIFIER_DIR));
      paths.put("report", Objects.requireNonNullElse(c.report(), child(CLASSIFIER_REPORT_FILE)));
      paths.put("id-col", Objects.requireNonNullElse(c.idCol(), idCol));
      paths.put("text-col", c.textCol() != null || c.text() != null ? c.textCol() : embedPlan.textCol());
      return ConfigFiles.with(c, paths).withDefaults().validate();
    });
    return new Plan(output, writeMode, masterValue, confValue, embedPlan, joinPlan, clusterPlan, classifyPlan);
  }

  private String child(String name) {
    return output.endsWith("/") ? output + name : output + "/" + name;
  }

  private static void addOnce(List<String> columns, String column) {
    if (!columns.contains(column)) {
      columns.add(column);
    }
  }

  /** The keys the pipeline sets itself may not appear in a section. */
  private static void notInSection(String section, Record config, String... keys) {
    Map<String, Object> given = ConfigFiles.given(config);
    for (String key : keys) {
      require(given.get(key) == null, "\"" + key + "\" in the \"" + section + "\" section: the pipeline sets it"
          + (key.equals("mode") || key.equals("master") || key.equals("conf") ? "; set it at the top level" : "; remove it"));
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new UserInputException(message);
    }
  }
}
