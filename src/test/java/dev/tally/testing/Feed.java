package dev.tally.testing;

import dev.tally.model.Metric;
import dev.tally.sink.jdbc.JdbcSettings;
import dev.tally.sink.jdbc.JdbcSinkTestRows;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * {@code n} events {@code key,cost} (keys k0..k4, cost with two decimals) with malformed lines mixed
 * in, and what they sum to; read by a job with {@code --format csv --key key --values cost --decimals 2}.
 */
public record Feed(List<String> lines, Map<String, Metric> totals, int rejects) {
  public static Feed of(int n, long seed) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    Map<String, Metric> totals = new TreeMap<>();
    int rejects = 0;
    for (int i = 0; i < n; i++) {
      if (i % 10 == 3) {
        lines.add(i % 20 == 3 ? "k1,not-a-number" : "no comma at all");
        rejects++;
        continue;
      }
      String key = "k" + random.nextInt(5);
      long cents = random.nextInt(10_000);
      lines.add(key + "," + cents / 100 + "." + String.format("%02d", cents % 100));
      totals.merge(key, Metric.of(1, cents), Metric::plus);
    }
    return new Feed(lines, totals, rejects);
  }

  /** This feed, then {@code later}. */
  public Feed plus(Feed later) {
    Map<String, Metric> all = new TreeMap<>(totals);
    later.totals.forEach((k, m) -> all.merge(k, m, Metric::plus));
    List<String> both = new ArrayList<>(lines);
    both.addAll(later.lines);
    return new Feed(both, all, rejects + later.rejects);
  }

  /** The running totals a job stored in the sink's total table, as a feed sums them. */
  public static Map<String, Metric> storedTotals(JdbcSettings db) throws Exception {
    Map<String, Metric> totals = new TreeMap<>();
    for (String row : JdbcSinkTestRows.rows(db, "SELECT metric_key, event_count, sum_cost FROM " + db.tables().totals())) {
      String[] f = row.split("\\|");
      totals.put(f[0], Metric.of(Long.parseLong(f[1]), new BigDecimal(f[2]).movePointRight(2).longValueExact()));
    }
    return totals;
  }
}
