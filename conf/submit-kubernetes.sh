#!/usr/bin/env bash
# spark-submit to Kubernetes in cluster mode. The image needs Spark 4.1 (Scala 2.13, Java 17); the
# application jar is fetched by the driver pod from S3 here (upload it first), and the service
# account needs rights to create executor pods.
# Untested: no Kubernetes cluster can run where this project is built; this is written from Spark's
# documentation (YARN is tested: conf/submit-yarn.sh, YarnClusterIT).
set -euo pipefail

"$SPARK_HOME/bin/spark-submit" \
  --master k8s://https://kubernetes.example.com:6443 \
  --deploy-mode cluster \
  --name spark-embed-nightly \
  --conf spark.kubernetes.container.image=apache/spark:4.1.0-scala2.13-java17-ubuntu \
  --conf spark.kubernetes.namespace=embeddings \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
  --conf spark.executor.instances=10 \
  --conf spark.executor.cores=4 \
  --conf spark.executor.memory=4g \
  --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
  --conf spark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.WebIdentityTokenCredentialsProvider \
  --class dev.sparkembed.cli.SparkEmbedCli \
  s3a://my-bucket/jars/spark-embed-jobs-0.1.0-SNAPSHOT-all.jar \
  embed --input s3a://my-bucket/corpus/ --output s3a://my-bucket/embeddings/nightly --mode overwrite \
  --model all-minilm-l6-v2 --keep-cols title
# `pipeline --config FILE` reads FILE from the driver's local disk: bake it into the image
# (e.g. /opt/spark-embed/pipeline.json) and pass that path.
# GPU executors: add --properties-file with conf/gpu-executors.conf and
# --conf spark.executor.resource.gpu.vendor=nvidia.com (the NVIDIA device plugin's resource).
