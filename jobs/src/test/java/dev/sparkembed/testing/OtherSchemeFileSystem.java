package dev.sparkembed.testing;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under a scheme of its own, {@code otherfs://}: a Hadoop file system that is not
 * {@code file:}, as HDFS or S3 are not. A driver that writes through java.nio instead of Hadoop
 * turns {@code otherfs:///tmp/x} into a relative local path, which a test can see.
 */
public class OtherSchemeFileSystem extends RawLocalFileSystem {

  public static final String SCHEME = "otherfs";

  /** The Spark setting that registers it. */
  public static final String CONF = "spark.hadoop.fs." + SCHEME + ".impl=" + OtherSchemeFileSystem.class.getName();

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /** {@code otherfs://} followed by the absolute local path. */
  public static String uri(java.nio.file.Path local) {
    return SCHEME + "://" + local.toAbsolutePath();
  }
}
