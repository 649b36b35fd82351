package dev.tally.input.loadtest;

import dev.tally.checkpointed.GeneratedDStream;
import dev.tally.checkpointed.GeneratedEvents;
import dev.tally.config.Option;
import dev.tally.input.InputSource;
import dev.tally.parse.ParserSpec;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import scala.reflect.ClassTag$;

/**
 * Lines made inside the executors at a fixed rate ({@code --generate}), for load tests and
 * benchmarks: no receiver, no core held, nothing read. Deterministic by seed and batch time, so
 * replayable: exactly-once with idempotent outputs.
 */
public final class GeneratedInput implements InputSource {
  private static final Logger LOG = LogManager.getLogger(GeneratedInput.class);
  /** Partitions when neither {@code partitions=} nor {@code spark.default.parallelism} is set. */
  static final int FALLBACK_PARTITIONS = 2;

  private final GenerateSpec spec;
  private final GeneratedEvents events;

  /** @throws IllegalArgumentException when the parser's format cannot be generated (see {@link GenerateSpec#events}) */
  public GeneratedInput(GenerateSpec spec, ParserSpec parser) {
    this.spec = spec;
    this.events = spec.events(parser);
  }

  @Override
  public String name() {
    return "generated:" + spec.ratePerSecond() + "/s";
  }

  /** Everything that decides the lines; a change is other data, so the guard refuses the checkpoint. */
  @Override
  public Map<String, String> frozenSettings() {
    return Map.of(Option.GENERATE.id(), spec.describe(events.text()) + ",format=" + (events.text() ? "text" : "csv"));
  }

  @Override
  public JavaDStream<String> open(JavaStreamingContext jssc) {
    int partitions = spec.partitionsOr(jssc.sparkContext().getConf().getInt("spark.default.parallelism",
        FALLBACK_PARTITIONS));
    LOG.info("Generated input: {} lines/s in {} partitions ({})", spec.ratePerSecond(), partitions,
        spec.describe(events.text()));
    return new JavaDStream<>(new GeneratedDStream(jssc.ssc(), events, partitions), ClassTag$.MODULE$.apply(String.class));
  }
}
