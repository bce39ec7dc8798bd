package dev.sparkembed.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real HDFS (one NameNode, one DataNode) and a real YARN (a ResourceManager and two
 * NodeManagers) in this JVM, from Hadoop's {@code hadoop-client-minicluster}: the clusters Spark's
 * own YARN tests run on. Their client configuration is written to {@link #confDir}, which a
 * {@code spark-submit} finds through {@code HADOOP_CONF_DIR} as on any Hadoop cluster.
 */
final class MiniHadoopCluster implements AutoCloseable {

  /** Where finished applications' container logs go on HDFS (log aggregation, as real clusters run). */
  static final String REMOTE_LOG_DIR = "/app-logs";

  final Path confDir;
  private final MiniDFSCluster dfs;
  private final MiniYARNCluster yarn;
  private final Configuration conf;

  private MiniHadoopCluster(Path confDir, MiniDFSCluster dfs, MiniYARNCluster yarn, Configuration conf) {
    this.confDir = confDir;
    this.dfs = dfs;
    this.yarn = yarn;
    this.conf = conf;
  }

  /**
   * Starts both clusters under {@code dir}. Each NodeManager offers {@code nodeMemoryMb}; containers
   * are not policed for memory (the executors' native ONNX Runtime memory is not the JVM's heap, and
   * the point here is scheduling and files, not YARN's memory enforcement).
   */
  static MiniHadoopCluster start(Path dir, int nodeManagers, int nodeMemoryMb) throws IOException, InterruptedException {
    Configuration conf = new YarnConfiguration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    dfs.waitActive();
    conf.set("fs.defaultFS", dfs.getURI().toString());

    conf.set("yarn.nodemanager.local-dirs", dir.resolve("yarn-local").toString());
    conf.set("yarn.nodemanager.log-dirs", dir.resolve("yarn-logs").toString());
    conf.setInt("yarn.nodemanager.resource.memory-mb", nodeMemoryMb);
    conf.setInt("yarn.nodemanager.resource.cpu-vcores", 2);
    conf.setInt("yarn.scheduler.minimum-allocation-mb", 128);
    conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
    conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    // A busy build disk must not mark the NodeManagers unhealthy (default threshold: 90% full).
    conf.setFloat("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 100f);
    // One queue, "default" (the capacity scheduler's file is not in the minicluster jar).
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
    conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    // The ApplicationMaster of one small application may take a share of these small nodes.
    conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
    conf.setBoolean("yarn.log-aggregation-enable", true);
    conf.set("yarn.nodemanager.remote-app-log-dir", REMOTE_LOG_DIR);
    // A failed application fails once, instead of YARN starting its ApplicationMaster again.
    conf.setInt("yarn.resourcemanager.am.max-attempts", 1);

    MiniYARNCluster yarn = new MiniYARNCluster("spark-embed", nodeManagers, 1, 1);
    yarn.init(conf);
    yarn.start();
    Configuration started = yarn.getConfig();
    // The ResourceManager writes its bound port into the configuration shortly after start().
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (started.get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the ResourceManager has no address after 30 s");
      }
      Thread.sleep(100);
    }
    Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
    try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
      Configuration core = new Configuration(false);
      core.set("fs.defaultFS", dfs.getURI().toString());
      core.writeXml(out);
    }
    // What a client needs: where the ResourceManager is, and where finished applications' logs go.
    // (Not the whole configuration: the minicluster's holds test-only classes, such as its topology
    // mapping, that a Spark distribution does not have.)
    Configuration site = new Configuration(false);
    for (Map.Entry<String, String> entry : started) {
      String key = entry.getKey();
      if (key.startsWith("yarn.resourcemanager.") || key.equals("yarn.log-aggregation-enable")
          || key.equals("yarn.nodemanager.remote-app-log-dir")) {
        site.set(key, started.get(key));
      }
    }
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      site.writeXml(out);
    }
    return new MiniHadoopCluster(confDir, dfs, yarn, new YarnConfiguration(started));
  }

  /** {@code hdfs://host:port} of the NameNode. */
  String fsUri() {
    return dfs.getURI().toString();
  }

  FileSystem fs() throws IOException {
    return dfs.getFileSystem();
  }

  /** Copies a local file to HDFS at {@code hdfsPath} and returns its full {@code hdfs://} URI. */
  String put(Path local, String hdfsPath) throws IOException {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(hdfsPath);
    fs().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), target);
    return fsUri() + target.toUri().getPath();
  }

  /** Files under an HDFS folder, recursively, as paths relative to it. */
  List<String> files(String hdfsDir) throws IOException {
    List<String> names = new ArrayList<>();
    org.apache.hadoop.fs.Path root = fs().makeQualified(new org.apache.hadoop.fs.Path(hdfsDir));
    RemoteIterator<LocatedFileStatus> it = fs().listFiles(root, true);
    while (it.hasNext()) {
      names.add(it.next().getPath().toUri().getPath().substring(root.toUri().getPath().length() + 1));
    }
    return names;
  }

  String read(String hdfsPath) throws IOException {
    try (var in = fs().open(new org.apache.hadoop.fs.Path(hdfsPath))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Applications the ResourceManager knows, with their final state and diagnostics. */
  List<ApplicationReport> applications() throws IOException {
    return withClient(YarnClient::getApplications);
  }

  ApplicationReport application(String appId) throws IOException {
    return withClient(client -> client.getApplicationReport(ApplicationId.fromString(appId)));
  }

  private interface ClientCall<T> {
    T call(YarnClient client) throws IOException, org.apache.hadoop.yarn.exceptions.YarnException;
  }

  private <T> T withClient(ClientCall<T> call) throws IOException {
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(conf);
      client.start();
      return call.call(client);
    } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    yarn.stop();
    dfs.shutdown();
  }
}
