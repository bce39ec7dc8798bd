package dev.sparkembed.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;

/**
 * A Catalyst expression written in Java and evaluated without generated code: what Scala's case
 * classes give Spark's own expressions (children, product arguments, copies), kept in one place.
 * Subclasses read Spark's internal formats directly, where a Java UDF would get values boxed.
 * Serializable, because plans travel to executors.
 */
public abstract class InterpretedExpression extends Expression implements CodegenFallback, Serializable {

  private final scala.collection.immutable.Seq<Expression> children;
  private final List<Object> arguments;

  /**
   * @param children the input expressions
   * @param state what else makes two such expressions different (a fitted model, say): part of the
   *     product, so that two of them over the same columns are not taken for one
   */
  protected InterpretedExpression(List<Expression> children, Object... state) {
    this.children = scala.jdk.javaapi.CollectionConverters.asScala(children).toList();
    this.arguments = new java.util.ArrayList<>(children);
    this.arguments.addAll(List.of(state));
  }

  /** The same expression over new children (Catalyst rewrites plans by copying). */
  protected abstract Expression withChildren(List<Expression> children);

  @Override
  public final scala.collection.immutable.Seq<Expression> children() {
    return children;
  }

  @Override
  public final Expression withNewChildrenInternal(scala.collection.immutable.IndexedSeq<Expression> newChildren) {
    return withChildren(scala.jdk.javaapi.CollectionConverters.asJava(newChildren));
  }

  @Override
  public final ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    return CodegenFallback.super.doGenCode(ctx, ev);
  }

  @Override
  public final int productArity() {
    return arguments.size();
  }

  @Override
  public final Object productElement(int n) {
    return arguments.get(n);
  }

  @Override
  public final boolean canEqual(Object other) {
    return other != null && other.getClass() == getClass();
  }
}
