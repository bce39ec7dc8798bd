#!/usr/bin/env python3
"""Where a join's Java CPU goes, from a JFR recording: Java samples counted by what they were doing.

    JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/join.jfr,settings=profile SPARK_EMBED_DRIVER_MEMORY=4g \
      scripts/spark-embed join --left target/bench/join/emb-100000 --k 10 --method exact --output /tmp/j --mode overwrite
    jfr print --events jdk.ExecutionSample --stack-depth 64 /tmp/join.jfr > /tmp/join-samples.txt
    scripts/bench/join-profile-shares.py /tmp/join-samples.txt

Native frames (the BLAS products) are not Java samples: count them with jdk.NativeMethodSample.
"""
import collections
import re
import sys

samples = open(sys.argv[1]).read().split('jdk.ExecutionSample')[1:]
counts = collections.Counter()
for sample in samples:
    frames = re.findall(r'^\s+([\w$.]+)\(', sample, re.M)
    if any('SizeEstimator' in f for f in frames):
        what = "Spark's size estimation of shuffle buffers"
    elif any('ObjectInputStream' in f or 'ObjectOutputStream' in f for f in frames):
        what = 'Java serialization'
    elif any('VectorBlock' in f for f in frames):
        what = 'scanning scores into top-k lists'
    else:
        what = 'other'
    counts[what] += 1
for what, n in counts.most_common():
    print(f'{n:7d}  {100 * n / len(samples):5.1f}%  {what}')
print(f'{len(samples):7d}  100.0%  Java samples')
