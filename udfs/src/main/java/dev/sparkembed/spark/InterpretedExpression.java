package dev.sparkembed.spark;

import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;

/**
 * A Catalyst expression written in Java and evaluated without generated code: what Scala's case
 * classes give Spark's own expressions (children, product elements, copies), kept in one place.
 * Equality is identity, as for any Java object, so two such expressions are never merged.
 * Subclasses read Spark's internal formats directly, where a Java UDF would get values boxed.
 * Serializable (through {@code CatalystExpression}), because plans travel to executors.
 */
public abstract class InterpretedExpression extends CatalystExpression implements CodegenFallback {

  private final List<Expression> inputs;
  private final scala.collection.immutable.List<Expression> children;

  /** @param inputs the child expressions, which are also the product's elements */
  protected InterpretedExpression(List<Expression> inputs) {
    this.inputs = List.copyOf(inputs);
    this.children = ScalaCollections.toScala(this.inputs);
  }

  /** A Scala list: a {@code Seq} of either Scala version, so this override compiles for both. */
  @Override
  public final scala.collection.immutable.List<Expression> children() {
    return children;
  }

  @Override
  public final ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    return CodegenFallback.super.doGenCode(ctx, ev);
  }

  @Override
  public final int productArity() {
    return inputs.size();
  }

  @Override
  public final Object productElement(int n) {
    return inputs.get(n);
  }

  @Override
  public final boolean canEqual(Object other) {
    return other != null && other.getClass() == getClass();
  }
}
