package dev.tally.checkpointed;

import dev.tally.model.PartitionOutput;
import dev.tally.parse.ParserSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.rdd.RDD;
import org.apache.spark.rdd.UnionRDD;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Runs on the driver, once per batch of a directory input: Spark's file stream makes a batch the union
 * of one RDD per new file, named by the file's path, so each file is parsed by a function that knows
 * its name and counts its lines.
 */
public final class ParseEachFile implements Function<JavaPairRDD<LongWritable, Text>, JavaRDD<PartitionOutput>> {
  private static final long serialVersionUID = 1L;
  private static final Pattern HAS_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

  private final ParserSpec spec;
  private final int maxRejectRaw;

  public ParseEachFile(ParserSpec spec, int maxRejectRaw) {
    this.spec = spec;
    this.maxRejectRaw = maxRejectRaw;
  }

  @Override
  public JavaRDD<PartitionOutput> call(JavaPairRDD<LongWritable, Text> batch) {
    RDD<Tuple2<LongWritable, Text>> rdd = batch.rdd();
    List<RDD<Tuple2<LongWritable, Text>>> files = rdd instanceof UnionRDD<Tuple2<LongWritable, Text>> union
        ? JavaConverters.seqAsJavaList(union.rdds())
        : List.of(rdd);
    ClassTag<Tuple2<LongWritable, Text>> tag = ClassTag$.MODULE$.apply(Tuple2.class);
    List<JavaRDD<PartitionOutput>> parsed = new ArrayList<>(files.size());
    for (RDD<Tuple2<LongWritable, Text>> file : files) {
      String name = file.name() == null ? "file:(RDD " + file.id() + ")" : fileName(file.name());
      parsed.add(new JavaRDD<>(file, tag).mapPartitions(new ParseFileLines(spec, name, maxRejectRaw)));
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(rdd.context());
    if (parsed.isEmpty()) {
      return context.emptyRDD();
    }
    return parsed.size() == 1 ? parsed.get(0) : context.union(parsed.toArray(new JavaRDD[0]));
  }

  /** The path Spark named the file's RDD by, with a {@code file:} scheme when it has none. */
  static String fileName(String rddName) {
    return HAS_SCHEME.matcher(rddName).matches() ? rddName : "file:" + rddName;
  }
}
