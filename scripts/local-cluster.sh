#!/usr/bin/env bash
# A real standalone Spark cluster on 127.0.0.1 without a Spark tarball: a Master and two Workers
# (1 core each) started from the Maven-resolved Spark jars. Executors are separate JVMs that see only
# Spark and the application jar, as on a real cluster.
#   scripts/local-cluster.sh start|stop|status
#   scripts/spark-embed embed --master spark://127.0.0.1:7077 --input ... --output ...
# Environment (defaults): SPARK_EMBED_CLUSTER_DIR (target/local-cluster), SPARK_MASTER_PORT (7077),
# SPARK_MASTER_WEBUI_PORT (8080), SPARK_EMBED_WORKERS (2), SPARK_EMBED_WORKER_CORES (1),
# SPARK_EMBED_WORKER_MEMORY (2g).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${SPARK_EMBED_CLUSTER_DIR:-$root/target/local-cluster}
port=${SPARK_MASTER_PORT:-7077}
webui=${SPARK_MASTER_WEBUI_PORT:-8080}
workers=${SPARK_EMBED_WORKERS:-2}
cores=${SPARK_EMBED_WORKER_CORES:-1}
memory=${SPARK_EMBED_WORKER_MEMORY:-2g}
master_url=spark://127.0.0.1:$port

export SPARK_LOCAL_IP=127.0.0.1
export SPARK_SCALA_VERSION=2.13 # the launcher looks for build folders without it

die() { echo "local-cluster: error: $*" >&2; exit 1; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Prints the SPARK_HOME for the cluster, building it when missing or older than its pom.
spark_home() {
  "$root/scripts/spark-home.sh"
}

# Waits up to 60 s for a line in a log; fails with the log's tail.
wait_for() {
  local log=$1 pattern=$2 pidfile=$3
  for _ in $(seq 1 120); do
    grep -q "$pattern" "$log" 2>/dev/null && return 0
    alive "$pidfile" || { tail -20 "$log" >&2; die "process of $log exited"; }
    sleep 0.5
  done
  tail -20 "$log" >&2
  die "timed out waiting for '$pattern' in $log"
}

start() {
  if alive "$dir/master.pid"; then
    echo "local-cluster: already running at $master_url"
    return 0
  fi
  local home
  home=$(spark_home)
  mkdir -p "$dir/logs"
  # Through Spark's own launcher (bin/spark-class), as sbin/start-master.sh does.
  SPARK_HOME=$home SPARK_DAEMON_MEMORY=512m nohup "$home/bin/spark-class" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port "$webui" >"$dir/logs/master.log" 2>&1 &
  echo $! >"$dir/master.pid"
  wait_for "$dir/logs/master.log" "I have been elected leader" "$dir/master.pid"
  for i in $(seq 1 "$workers"); do
    mkdir -p "$dir/work/worker-$i"
    SPARK_HOME=$home SPARK_DAEMON_MEMORY=512m nohup "$home/bin/spark-class" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "$cores" --memory "$memory" --webui-port $((webui + i)) \
      --work-dir "$dir/work/worker-$i" "$master_url" >"$dir/logs/worker-$i.log" 2>&1 &
    echo $! >"$dir/worker-$i.pid"
  done
  for i in $(seq 1 "$workers"); do
    wait_for "$dir/logs/worker-$i.log" "Successfully registered with master" "$dir/worker-$i.pid"
  done
  echo "local-cluster: started $master_url with $workers workers x $cores core(s), $memory (UI http://127.0.0.1:$webui, logs $dir)"
}

stop() {
  local pidfile
  # Workers first: each stops its executors on the way down.
  for pidfile in "$dir"/worker-*.pid "$dir/master.pid"; do
    [ -f "$pidfile" ] || continue
    if alive "$pidfile"; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      for _ in $(seq 1 40); do alive "$pidfile" || break; sleep 0.25; done
      alive "$pidfile" && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
  echo "local-cluster: stopped"
}

status() {
  local down=0 pidfile
  for pidfile in "$dir/master.pid" "$dir"/worker-*.pid; do
    if alive "$pidfile"; then
      echo "$(basename "$pidfile" .pid): running (pid $(cat "$pidfile"))"
    else
      echo "$(basename "$pidfile" .pid): not running"
      down=1
    fi
  done
  [ "$down" = 0 ] && echo "master: $master_url"
  return "$down"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/local-cluster.sh start|stop|status" >&2; exit 2 ;;
esac
