package dev.sparkembed.similarity;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The one place a join method is chosen by name: the CLI, the pipeline and SQL functions ask here. */
public final class JoinMethods {

  private static final Map<String, Function<JoinOptions, JoinMethod>> METHODS = Map.of(
      ExactJoin.NAME, options -> new ExactJoin(),
      IvfJoin.NAME, IvfJoin::new,
      LshJoin.NAME, options -> new LshJoin(options.seed()));

  /** In the order users see them. */
  public static final List<String> NAMES = List.of(ExactJoin.NAME, IvfJoin.NAME, LshJoin.NAME);

  private JoinMethods() {}

  /** @throws IllegalArgumentException naming the known methods, for an unknown name */
  public static JoinMethod byName(String name, JoinOptions options) {
    Function<JoinOptions, JoinMethod> factory = METHODS.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("bad method '" + name + "' (expected " + String.join(", ", NAMES) + ")");
    }
    return factory.apply(options);
  }
}
