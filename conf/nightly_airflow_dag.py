"""Nightly incremental embedding with Airflow (README, "Nightly runs").

The same spark-submit every night: the first run creates the Delta table, later runs embed only new
and changed documents, and a run that fails part-way keeps its committed chunks, so a retry pays only
for the rest. The shaded jar does not carry Delta: the operator adds it with packages.
"""
import json
from datetime import datetime

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

SPARK_EMBED_JAR = "/opt/spark-embed/jobs/target/spark-embed-jobs-0.1.0-SNAPSHOT-all.jar"

with DAG("spark_embed_nightly", start_date=datetime(2026, 12, 1), schedule="15 2 * * *", catchup=False) as dag:
    embed = SparkSubmitOperator(
        task_id="embed_documents",
        application=SPARK_EMBED_JAR,
        java_class="dev.sparkembed.cli.SparkEmbedCli",
        packages="io.delta:delta-spark_2.13:4.1.0",
        application_args=[
            "embed", "--config", "/opt/spark-embed/conf/nightly.example.json",
            # The day's partition only would miss deletions; the whole folder lets --delete-missing work.
            "--input", "/lake/raw/documents",
        ],
        retries=2,
    )

    def check_counts(ti=None):
        # _summary.json holds new, changed, unchanged, deleted, duplicates_reused, embedded, commits, seconds.
        with open("/lake/embeddings/documents/_summary.json") as f:
            summary = json.load(f)
        if summary["rejected"] > 0.01 * summary["rows_read"]:
            raise ValueError(f"{summary['rejected']} rejected rows: see /lake/embeddings/documents/_rejected")

    # from airflow.operators.python import PythonOperator
    # embed >> PythonOperator(task_id="check_counts", python_callable=check_counts)
