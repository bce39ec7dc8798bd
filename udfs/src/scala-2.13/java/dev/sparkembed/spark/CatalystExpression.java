package dev.sparkembed.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * The one method of a Java-written Catalyst expression whose signature names a Scala collection
 * that differs by Scala version: in Scala 2.13 Catalyst passes new children as
 * {@code scala.collection.immutable.IndexedSeq} (src/scala-2.12 holds the 2.12 twin).
 * Serializable itself: deserialising calls the no-argument constructor of the first superclass
 * that is not, which must be reachable from subclasses in other packages; this class is
 * package-private, Catalyst's {@code Expression} is public.
 */
abstract class CatalystExpression extends Expression implements Serializable {

  /** The same expression over new children (Catalyst rewrites plans by copying). */
  protected abstract Expression withChildren(List<Expression> children);

  @Override
  public final Expression withNewChildrenInternal(scala.collection.immutable.IndexedSeq<Expression> newChildren) {
    return withChildren(ScalaCollections.toJava(newChildren));
  }
}
