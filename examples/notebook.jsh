// spark-embed in a notebook, cell by cell: what a user types in spark-shell, Zeppelin or Jupyter
// (Java kernel) after adding the jar. Run it with scripts/notebook.sh from the project root
// (jshell with the project's jars; scripts/test.sh runs it too). Outputs go to out/notebook.
// jshell ends a statement at the end of a line when it can, so continued lines end with "+" or ",".

// ---- Cell 1: a session and a corpus (the bundled sample: 1,050 texts, Brown paragraphs and fortunes)
import org.apache.spark.sql.*;
import java.util.*;
SparkSession spark = SparkSession.builder().master("local[*]").config("spark.ui.enabled", "false").getOrCreate();
spark.read().json("data/sample/corpus.jsonl").createOrReplaceTempView("corpus");
spark.sql("SELECT source, count(*) AS texts, count(DISTINCT label) AS labels FROM corpus GROUP BY source").show();

// ---- Cell 2: embed it. The SQL functions came with the jar (its service file registers them).
// embed_table batches like the embed job; CACHE TABLE embeds once for the cells below.
spark.sql("CACHE TABLE docs AS SELECT * FROM embed_table('corpus', 'text')");
spark.sql("SELECT status, model, count(*) AS n, round(avg(n_tokens), 1) AS avg_tokens FROM docs GROUP BY status, model").show(false);

// ---- Cell 3: semantic search. The question is embedded once, with the table's model.
spark.sql("SELECT rank, round(score, 3) AS score, label, substr(text, 1, 80) AS text " +
    "FROM semantic_search('docs', 'is marriage worth it', 5)").show(false);

// ---- Cell 4: a similarity join: which sample texts answer these questions best?
spark.sql("CACHE TABLE questions AS SELECT * FROM embed_table(" +
    "(SELECT * FROM VALUES ('q1', 'Which opera singer trained in Europe?'), ('q2', 'Is marriage a good idea?'), " +
    "('q3', 'How do rockets reach orbit?') AS t(id, text)), 'text')");
spark.sql("SELECT j.left_id AS question, j.rank, round(j.score, 3) AS score, substr(d.text, 1, 70) AS answer " +
    "FROM similarity_join('questions', 'docs', 2) j JOIN docs d ON d.id = j.right_id ORDER BY question, rank").show(false);

// ---- Cell 5: cluster with the library API: the cluster job on the embeddings ("k", "auto" chooses k
// over 2..60, 15 on this sample, as scripts/run-sample.sh shows; 4 keeps this output short).
import dev.sparkembed.jobs.*;
spark.table("docs").write().mode("overwrite").parquet("out/notebook/embeddings");
Map<String, Object> clusters = ClusterJob.run(spark, ConfigFiles.of(ClusterJobConfig.class, Map.of(
    "input", "out/notebook/embeddings", "output", "out/notebook/clusters", "k", "4",
    "label-col", "label", "report", "out/notebook/report.html", "mode", "overwrite")).validate());
System.out.println("k = " + clusters.get("k") + ", quality " + clusters.get("quality"));
for (Object c : (List<?>) clusters.get("clusters")) { Map<?, ?> m = (Map<?, ?>) c; System.out.println("  cluster " + m.get("cluster") + ": " + m.get("size") + " texts, " + m.get("keywords")); }

// ---- Cell 6: the HTML report: a map of the clusters with their keywords, one self-contained file.
java.nio.file.Path report = java.nio.file.Path.of("out/notebook/report.html");
System.out.println("report: " + report.toAbsolutePath() + " (" + java.nio.file.Files.size(report) / 1024 + " KB)");

spark.stop();
System.out.println("notebook: all cells ran");
/exit
