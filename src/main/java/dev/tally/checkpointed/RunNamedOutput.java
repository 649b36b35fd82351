package dev.tally.checkpointed;

import java.io.Serializable;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.Time;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs on the driver at each batch of a {@link NamedOutput}: hands the batch's RDD to the output
 * function through Spark's Java API, as {@code foreachRDD} would. (Spark runs it with the stream's
 * creation site as the call site, so the jobs it starts carry the output's name in the jobs list.)
 */
final class RunNamedOutput<T> extends AbstractFunction2<RDD<T>, Time, BoxedUnit> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final VoidFunction2<Object, Time> output;
  private final ClassTag<T> type; // null: the RDD holds pairs

  @SuppressWarnings("unchecked")
  private RunNamedOutput(String name, VoidFunction2<?, Time> output, ClassTag<T> type) {
    this.name = name;
    this.output = (VoidFunction2<Object, Time>) output;
    this.type = type;
  }

  static <T> RunNamedOutput<T> of(String name, VoidFunction2<JavaRDD<T>, Time> output, ClassTag<T> type) {
    return new RunNamedOutput<>(name, output, type);
  }

  static <K, V> RunNamedOutput<scala.Tuple2<K, V>> ofPairs(String name, VoidFunction2<JavaPairRDD<K, V>, Time> output) {
    return new RunNamedOutput<>(name, output, null);
  }

  String name() {
    return name;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public BoxedUnit apply(RDD<T> rdd, Time time) {
    try {
      Object wrapped = type == null
          ? JavaPairRDD.fromRDD((RDD) rdd, ClassTag$.MODULE$.AnyRef(), ClassTag$.MODULE$.AnyRef())
          : JavaRDD.fromRDD(rdd, type);
      output.call(wrapped, time);
    } catch (Exception e) {
      throw RunNamedOutput.<RuntimeException>unchecked(e); // as Spark's own foreachRDD passes it: unchanged
    }
    return BoxedUnit.UNIT;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E unchecked(Exception e) throws E {
    throw (E) e;
  }
}
