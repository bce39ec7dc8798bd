package dev.sparkembed.cli;

import dev.sparkembed.jobs.UserInputException;
import dev.sparkembed.model.ModelException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spark-embed <command>}: the entry point of scripts/spark-embed and spark-submit. */
@Command(
    name = "spark-embed",
    mixinStandardHelpOptions = true,
    versionProvider = SparkEmbedCli.Version.class,
    description = "Batch sentence embeddings on Apache Spark.",
    subcommands = {EmbedCommand.class, JoinCommand.class, DedupCommand.class, ClusterCommand.class, ClassifyCommand.class, PipelineCommand.class, BenchEmbedCommand.class, BenchJoinCommand.class, BenchClassifyCommand.class, BenchSqlCommand.class, BenchClusterCommand.class, BenchSmallJobCommand.class, CommandLine.HelpCommand.class})
public final class SparkEmbedCli {

  /** Exit code for bad flags, config, input or model: the user can fix it. */
  public static final int EXIT_USAGE = 2;
  /** Exit code for anything else that failed. */
  public static final int EXIT_FAILURE = 1;

  public static void main(String[] args) {
    if (inYarnApplicationMaster()) {
      runInYarnApplicationMaster(args);
      return;
    }
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * spark-submit --deploy-mode cluster on YARN runs main in the ApplicationMaster, which sets
   * these properties before it calls main.
   */
  static boolean inYarnApplicationMaster() {
    return "yarn".equals(System.getProperty("spark.master"))
        && "cluster".equals(System.getProperty("spark.submit.deployMode"))
        && System.getProperty("spark.yarn.app.id") != null;
  }

  /**
   * The ApplicationMaster reports success only when main returns, and failure with its diagnostics
   * when main throws: System.exit there, even exit(0), is "Shutdown hook called before final status
   * was reported", a FAILED application that YARN starts again. A failed command throws its one-line
   * error, which YARN shows as the application's diagnostics and spark-submit prints.
   */
  static void runInYarnApplicationMaster(String[] args) {
    java.io.StringWriter errors = new java.io.StringWriter();
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(errors, true));
    System.err.print(errors);
    System.err.flush();
    if (code != 0) {
      String[] lines = errors.toString().strip().split("\\R");
      String last = lines[lines.length - 1];
      throw new CommandFailedException((last.isEmpty() ? "spark-embed: failed" : last) + " (exit code " + code + ")");
    }
  }

  /** A command that failed inside YARN's ApplicationMaster, with its last error line. */
  static final class CommandFailedException extends RuntimeException {
    CommandFailedException(String message) {
      super(message);
    }
  }

  /** Runs a command; {@code out} gets results (the summary line), {@code err} one-line errors. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new SparkEmbedCli());
    cli.setOut(out);
    cli.setErr(err);
    // Job commands take their flags from their config records: declared once, there.
    cli.getSubcommands().values().forEach(sub -> {
      if (sub.getCommand() instanceof JobCommand job) {
        ConfigOptions.addTo(sub.getCommandSpec(), job.configType());
      }
    });
    cli.setParameterExceptionHandler((e, arguments) -> {
      String command = e.getCommandLine().getCommandName();
      err.println("spark-embed: error: " + oneLine(e.getMessage()) + " (see '" + fullName(e.getCommandLine()) + " --help')");
      return EXIT_USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof UserInputException || e instanceof ModelException) {
        err.println("spark-embed: error: " + oneLine(e.getMessage()));
        return EXIT_USAGE;
      }
      e.printStackTrace(err);
      err.println("spark-embed: failed: " + oneLine(rootMessage(e)));
      return EXIT_FAILURE;
    });
    return cli.execute(args);
  }

  private static String fullName(CommandLine commandLine) {
    return commandLine.getParent() == null ? commandLine.getCommandName()
        : fullName(commandLine.getParent()) + " " + commandLine.getCommandName();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof ModelException || root instanceof UserInputException) {
        break;
      }
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /**
   * {@code --version}: this build, the Spark it runs on (and the line it was built for), DJL and
   * ONNX Runtime as loaded, and each built-in model with whether its carrier jar is here.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SparkEmbedCli.class.getPackage().getImplementationVersion();
      java.util.Properties build = new java.util.Properties();
      try (var in = SparkEmbedCli.class.getResourceAsStream("build.properties")) {
        if (in != null) {
          build.load(in);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      java.util.List<String> lines = new java.util.ArrayList<>();
      lines.add("spark-embed " + (version == null ? "(development build)" : version));
      lines.add("Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " (built for "
          + build.getProperty("spark.version", "?") + "), Scala " + scala.util.Properties.versionNumberString());
      lines.add("DJL " + ai.djl.engine.Engine.getDjlVersion() + ", ONNX Runtime " + onnxRuntimeVersion());
      lines.add("built-in models:");
      for (dev.sparkembed.model.BuiltinModel model : dev.sparkembed.model.BuiltinModel.values()) {
        boolean here = SparkEmbedCli.class.getClassLoader().getResource(model.onnxResource()) != null;
        lines.add("  " + model.modelName() + (here ? "" : " (needs " + model.carrierCoordinate() + " on the classpath)"));
      }
      return lines.toArray(new String[0]);
    }

    private static String onnxRuntimeVersion() {
      try {
        return ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion();
      } catch (RuntimeException | LinkageError e) {
        return "not loadable (" + oneLine(e.getMessage()) + ")";
      }
    }
  }
}
