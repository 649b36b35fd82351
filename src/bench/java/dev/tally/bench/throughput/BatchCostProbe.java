package dev.tally.bench.throughput;

import dev.tally.bench.BenchContext;
import dev.tally.bench.Machine;
import dev.tally.bench.streaming.BatchTimes;
import dev.tally.bench.streaming.CountingSink;
import dev.tally.bench.streaming.EmbeddedDatabase;
import dev.tally.bench.streaming.Workload;
import dev.tally.model.MetricSchema;
import dev.tally.sink.Sink;
import dev.tally.sink.jdbc.JdbcSink;
import java.util.Locale;

/**
 * One fixed-rate step of figure 1, measured over every batch however late: where a batch's time goes
 * when an optimisation is tried (before / after), without the whole rate search. Not a figure.
 *
 * <pre>
 * java ... dev.tally.bench.throughput.BatchCostProbe [keys] [lines/s] [db|count] [judged]
 * </pre>
 */
public final class BatchCostProbe {
  private BatchCostProbe() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long rate = args.length > 1 ? Long.parseLong(args[1]) : 2_000;
    boolean database = args.length <= 2 || args[2].equals("db");
    int judged = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    Workload workload = Workload.csv(keys);
    Machine machine = Machine.describe();
    try (BenchContext context = new BenchContext(false, machine);
        EmbeddedDatabase db = database ? new EmbeddedDatabase() : null) {
      Sink sink = new CountingSink();
      if (db != null) {
        JdbcSink jdbc = new JdbcSink(db.settings(workload.tablePrefix()));
        jdbc.prepare(MetricSchema.of(workload.parser()));
        sink = jdbc;
      }
      RateStep step = TallyJob.run(context, workload, rate, true, sink, 35, judged, Integer.MAX_VALUE);
      StringBuilder perBatch = new StringBuilder();
      for (BatchTimes b : step.judged()) {
        perBatch.append(b.processingMs()).append(' ');
      }
      System.out.printf(Locale.ROOT, "probe: %s, %s, %s: %s%nprobe: batches ms: %s%n", workload.label(),
          database ? "PostgreSQL" : "counting sink", System.getProperty("spark.serializer", "java serializer"), step.describe(), perBatch);
    }
  }
}
