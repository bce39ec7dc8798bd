package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.util.ArrayList;
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
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record PipelineConfig(
    String output,
    String mode,
    String master,
    Map<String, String> conf,
    EmbedJobConfig embed,
    JoinJobConfig join,
    ClusterJobConfig cluster) {

  public static final String EMBEDDINGS_DIR = "embeddings";
  public static final String NEIGHBOURS_DIR = "neighbours";
  public static final String CLUSTERS_DIR = "clusters";
  public static final String REPORT_FILE = "report.html";

  public static PipelineConfig read(Path file) {
    return ConfigFiles.read(file, PipelineConfig.class);
  }

  /** The stages' own configs, with the pipeline's paths filled in, defaults applied and validated. */
  public record Plan(String output, WriteMode mode, String master, Map<String, String> conf,
      EmbedJobConfig embed, Optional<JoinJobConfig> join, Optional<ClusterJobConfig> cluster) {}

  public Plan plan() {
    require(output != null && !output.isBlank(), "the pipeline needs \"output\" (the folder for all its results)");
    require(embed != null, "the pipeline needs an \"embed\" section");
    String modeValue = Objects.requireNonNullElse(mode, "error");
    WriteMode writeMode = WriteMode.parse(modeValue);
    String masterValue = Objects.requireNonNullElse(master, "local[*]");
    Map<String, String> confValue = Objects.requireNonNullElse(conf, Map.of());
    String embeddings = child(EMBEDDINGS_DIR);

    notInSection("embed", "output", embed.output());
    notInSection("embed", "mode", embed.mode());
    notInSection("embed", "master", embed.master());
    notInSection("embed", "conf", embed.conf());
    // Clustering describes clusters by their texts (and labels): keep them in the embeddings.
    List<String> keep = new ArrayList<>(Objects.requireNonNullElse(embed.keepCols(), List.of()));
    if (cluster != null && cluster.text() == null) {
      addOnce(keep, Objects.requireNonNullElse(embed.textCol(), EmbedJobConfig.DEFAULT_TEXT_COL));
    }
    if (cluster != null && cluster.labelCol() != null) {
      addOnce(keep, cluster.labelCol());
    }
    EmbedJobConfig embedPlan = new EmbedJobConfig(embed.input(), embed.inputFormat(), embed.idCol(), embed.textCol(),
        embeddings, embed.outputFormat(), embed.model(), embed.prefix(), embed.batchSize(), embed.maxBatchTokens(), embed.windowSize(),
        embed.intraOpThreads(), embed.progressSeconds(), keep, modeValue, masterValue, confValue)
        .withDefaults().validate();
    require(embedPlan.outputFormatValue() == OutputFormat.PARQUET,
        "the pipeline writes its embeddings as parquet; remove \"output-format\" from \"embed\"");

    // Later stages read the embeddings under the embed's column names, unless a section names its own.
    String idCol = Objects.requireNonNullElse(embedPlan.idCol(), EmbedJobConfig.DEFAULT_ID_COL);
    Optional<JoinJobConfig> joinPlan = Optional.ofNullable(join).map(j -> {
      notInSection("join", "left", j.left());
      notInSection("join", "output", j.output());
      notInSection("join", "mode", j.mode());
      notInSection("join", "master", j.master());
      notInSection("join", "conf", j.conf());
      return new JoinJobConfig(embeddings, j.right(), Objects.requireNonNullElse(j.idCol(), idCol), j.embeddingCol(), j.k(), j.threshold(), j.method(),
          j.lists(), j.probes(), j.maxListRows(), j.recallSample(), j.allowModelMismatch(), j.seed(), child(NEIGHBOURS_DIR), modeValue,
          masterValue, confValue).withDefaults().validate();
    });
    Optional<ClusterJobConfig> clusterPlan = Optional.ofNullable(cluster).map(c -> {
      notInSection("cluster", "input", c.input());
      notInSection("cluster", "output", c.output());
      notInSection("cluster", "mode", c.mode());
      notInSection("cluster", "master", c.master());
      notInSection("cluster", "conf", c.conf());
      // Without a separate text corpus the texts are the embed input's, under the embed's column name.
      String textCol = c.textCol() != null || c.text() != null ? c.textCol() : embedPlan.textCol();
      return new ClusterJobConfig(embeddings, c.text(), Objects.requireNonNullElse(c.idCol(), idCol), textCol, c.embeddingCol(), c.labelCol(), c.k(),
          c.kMin(), c.kMax(), c.algorithm(), c.seed(), child(CLUSTERS_DIR),
          Objects.requireNonNullElse(c.report(), child(REPORT_FILE)), modeValue, masterValue, confValue)
          .withDefaults().validate();
    });
    return new Plan(output, writeMode, masterValue, confValue, embedPlan, joinPlan, clusterPlan);
  }

  private String child(String name) {
    return output.endsWith("/") ? output + name : output + "/" + name;
  }

  private static void addOnce(List<String> columns, String column) {
    if (!columns.contains(column)) {
      columns.add(column);
    }
  }

  private static void notInSection(String section, String key, Object value) {
    require(value == null, "\"" + key + "\" in the \"" + section + "\" section: the pipeline sets it"
        + (key.equals("mode") || key.equals("master") || key.equals("conf") ? "; set it at the top level" : "; remove it"));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new UserInputException(message);
    }
  }
}
