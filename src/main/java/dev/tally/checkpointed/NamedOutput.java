package dev.tally.checkpointed;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.dstream.DStream;
import org.apache.spark.streaming.dstream.ForEachDStream;
import org.apache.spark.util.CallSite;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * An output operation named by what it writes ({@code window 30s/10s}, {@code totals}, {@code rejects},
 * {@code offsets}), where {@code foreachRDD} would be named by the line that registered it
 * ({@code foreachRDD at TallyGraph.java:77}).
 *
 * <p>Spark names a streaming output by its output stream's creation site: each batch's job takes it,
 * and the streaming tab and the listener's {@code OutputOperationInfo.name} show it. That site is
 * taken from the stack when the stream is created, so this stream says its own name instead. The name
 * is kept with the stream in the checkpoint: a recovered job keeps its names. Spark also makes it the
 * call site of the jobs the output runs ({@code DStream.createRDDWithLocalProperties}), so the jobs
 * list names them alike.
 */
public final class NamedOutput<T> extends ForEachDStream<T> {
  private static final long serialVersionUID = 1L;

  private final String name;

  private NamedOutput(DStream<T> parent, RunNamedOutput<T> output, ClassTag<T> type) {
    super(parent, output, false, type);
    this.name = output.name();
  }

  /** Registers {@code output} on {@code stream} as an output operation named {@code name}. */
  public static <T> void register(JavaDStream<T> stream, String name, VoidFunction2<JavaRDD<T>, Time> output) {
    new NamedOutput<>(stream.dstream(), RunNamedOutput.of(name, output, stream.classTag()), stream.classTag()).register();
  }

  /** The same for a stream of pairs. */
  @SuppressWarnings("unchecked")
  public static <K, V> void register(JavaPairDStream<K, V> stream, String name,
      VoidFunction2<JavaPairRDD<K, V>, Time> output) {
    ClassTag<scala.Tuple2<K, V>> pairs = (ClassTag<scala.Tuple2<K, V>>) (ClassTag<?>) ClassTag$.MODULE$.apply(scala.Tuple2.class);
    new NamedOutput<>(stream.dstream(), RunNamedOutput.ofPairs(name, output), pairs).register();
  }

  /** The output's name, in place of the stack's {@code foreachRDD at File.java:N}. */
  @Override
  public CallSite creationSite() {
    return new CallSite(name, name);
  }

  public String name() {
    return name;
  }
}
