package dev.sparkembed.spark;

import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.expressions.codegen.JavaCode;

/**
 * A Catalyst expression written in Java as one method over its children's values, {@link
 * #evaluate}: what Scala's case classes give Spark's own expressions (children, product elements,
 * copies) kept in one place. In generated code Spark computes the children as it computes any
 * expression and calls {@code evaluate} with their values, so it builds no row for this
 * expression (Spark's {@code CodegenFallback} copies every input column of a row, vectors
 * included, into a new row first). Two are equal when they are of one class over equal children
 * with equal {@link #parameters()}, as Scala's case classes are: Spark matches cached data and
 * repeated subexpressions by comparing canonical copies, which identity would never find equal.
 * Subclasses read Spark's internal formats directly, where a Java UDF
 * would get values boxed. Serializable (through {@code CatalystExpression}), because plans travel
 * to executors.
 */
public abstract class JavaExpression extends CatalystExpression {

  private final List<Expression> inputs;
  private final scala.collection.immutable.List<Expression> children;

  /** @param inputs the child expressions, which are also the product's elements */
  protected JavaExpression(List<Expression> inputs) {
    this.inputs = List.copyOf(inputs);
    this.children = ScalaCollections.toScala(this.inputs);
  }

  /**
   * This expression's value (boxed, or Spark's internal object, null for SQL NULL) from its
   * children's values in Spark's internal form, null where a child is null. Public because
   * generated code calls it.
   */
  public abstract Object evaluate(Object[] values);

  /** What, besides the children, makes this expression compute what it does (none by default). */
  protected List<Object> parameters() {
    return List.of();
  }

  @Override
  public final boolean equals(Object other) {
    return other == this || other != null && other.getClass() == getClass()
        && inputs.equals(((JavaExpression) other).inputs) && parameters().equals(((JavaExpression) other).parameters());
  }

  @Override
  public final int hashCode() {
    return java.util.Objects.hash(getClass(), inputs, parameters());
  }

  @Override
  public final Object eval(InternalRow row) {
    Object[] values = new Object[inputs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = inputs.get(i).eval(row);
    }
    return evaluate(values);
  }

  @Override
  public final ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    String self = ctx.addReferenceObj(prettyName(), this, JavaExpression.class.getName());
    String values = ctx.freshName("values");
    String result = ctx.freshName("result");
    StringBuilder code = new StringBuilder();
    code.append("Object[] ").append(values).append(" = new Object[").append(inputs.size()).append("];\n");
    for (int i = 0; i < inputs.size(); i++) {
      Expression input = inputs.get(i);
      ExprCode child = input.genCode(ctx);
      String value = child.value().toString();
      if (CodeGenerator.isPrimitiveType(input.dataType())) {
        value = CodeGenerator.boxedType(input.dataType()) + ".valueOf(" + value + ")";
      }
      code.append(child.code().toString()).append('\n')
          .append("if (!").append(child.isNull()).append(") {\n  ")
          .append(values).append('[').append(i).append("] = ").append(value).append(";\n}\n");
    }
    String type = CodeGenerator.javaType(dataType());
    code.append("Object ").append(result).append(" = ").append(self).append(".evaluate(").append(values).append(");\n")
        .append("boolean ").append(ev.isNull()).append(" = ").append(result).append(" == null;\n")
        .append(type).append(' ').append(ev.value()).append(" = ").append(CodeGenerator.defaultValue(dataType(), true))
        .append(";\n")
        .append("if (!").append(ev.isNull()).append(") {\n  ")
        .append(ev.value()).append(" = (").append(CodeGenerator.boxedType(dataType())).append(") ").append(result)
        .append(";\n}\n");
    CodeBlock block = new CodeBlock(ScalaCollections.toScala(List.of(code.toString())),
        ScalaCollections.toScala(List.<JavaCode>of()));
    return ev.copy(block, ev.isNull(), ev.value());
  }

  /** A Scala list: a {@code Seq} of either Scala version, so this override compiles for both. */
  @Override
  public final scala.collection.immutable.List<Expression> children() {
    return children;
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
