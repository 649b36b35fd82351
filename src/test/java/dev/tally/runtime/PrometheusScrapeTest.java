package dev.tally.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.config.GraphSettings;
import dev.tally.input.InputSource;
import dev.tally.testing.ReplayableInput;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real job with the Spark UI on an ephemeral loopback port and the metrics settings of
 * deploy/spark-defaults.conf (the PrometheusServlet sink): its endpoint, scraped over HTTP, carries Tally's figures with
 * the values of the batches run, beside Spark's own streaming metrics.
 */
class PrometheusScrapeTest {
  /** The namespace is the application's name ("tally-test"), as deploy/spark-defaults.conf sets it. */
  private static final String PREFIX = "metrics_tally_test_driver_TallyMetrics_";
  private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(?:\\{[^}]*\\})? (\\S+)$");

  @TempDir Path checkpoint;

  @Test
  void tallysMetricsAreScrapedWithTheBatchesFigures() throws Exception {
    List<List<String>> lines = List.of(
        List.of("a,1", "b,2", "oops,x"),
        List.of("a,3", "c,4", "", "d"),
        List.of("b,5"));
    ReplayableInput.LIVE.put("prometheus", lines);
    List<InputSource> input = List.of(ReplayableInput.live("prometheus", 1000));
    GraphSettings settings = Settings.batches(1000).csv(0, "v").window("2s/1s").window("2s/2s").build();
    Map<String, String> spark = new TreeMap<>(metricsSettingsOfTheDeployment());
    spark.put("spark.ui.enabled", "true");
    spark.put("spark.ui.port", "0"); // ephemeral; SPARK_LOCAL_IP (set by the build) binds it to 127.0.0.1

    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings, input,
        new dev.tally.testing.CollectingSink(), spark)) {
      job.watchHealth().start();
      job.runBatches(lines.size());
      String ui = job.uiUrl();
      assertTrue(ui.startsWith("http://127.0.0.1:"), ui);

      Map<String, String> expected = new TreeMap<>();
      expected.put(PREFIX + "batches_Count", "3");
      expected.put(PREFIX + "lines_Count", "8"); // the blank line is read, and counted
      expected.put(PREFIX + "rejects_Count", "2"); // "oops,x" and "d"
      // 2s/1s: {a,b} at 1 s, {a,b,c} at 2 s, {a,b,c} at 3 s; 2s/2s: {a,b,c} at 2 s; totals: a,b then a,c then b
      expected.put(PREFIX + "window_rows_2s_1s_Count", "8");
      expected.put(PREFIX + "window_rows_2s_2s_Count", "3");
      expected.put(PREFIX + "total_rows_Count", "5");
      assertEquals(List.of(8, 3, 5), List.of(rows(job.sink().window("2s/1s")), rows(job.sink().window("2s/2s")),
          rows(job.sink().totals())), "what the sink was given");
      expected.put(PREFIX + "failed_outputs_Count", "0");
      expected.put(PREFIX + "last_batch_time_ms_Value", "3000");
      expected.put(PREFIX + "batches_waiting_Value", "0");
      expected.put("metrics_tally_test_driver_tally_test_StreamingMetrics_streaming_totalCompletedBatches_Value", "3");
      Map<String, String> scraped = awaitScrape(ui + "/metrics/prometheus/", expected, Duration.ofSeconds(30));
      Map<String, String> found = new TreeMap<>();
      expected.keySet().forEach(name -> found.put(name, scraped.get(name)));
      assertEquals(expected, found, "scraped:\n" + String.join("\n", scraped.keySet()));
      assertTrue(Long.parseLong(scraped.get(PREFIX + "processing_ms_Value")) > 0, "processing time of the last batch");
      assertTrue(scraped.containsKey(PREFIX + "scheduling_delay_ms_Value"));
      // Tally's prefix selects Tally's metrics only: not Spark's streaming source, named after the application.
      List<String> notTallys = scraped.keySet().stream()
          .filter(name -> name.startsWith(PREFIX) && name.contains("StreamingMetrics")).toList();
      assertEquals(List.of(), notTallys, "Spark's metrics under Tally's prefix " + PREFIX);
    }
  }

  /** The metrics settings of deploy/spark-defaults.conf, read as spark-submit reads the file. */
  private static Map<String, String> metricsSettingsOfTheDeployment() throws IOException {
    Properties defaults = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("deploy", "spark-defaults.conf"), StandardCharsets.UTF_8)) {
      defaults.load(in);
    }
    Map<String, String> metrics = new TreeMap<>();
    for (String key : defaults.stringPropertyNames()) {
      if (key.startsWith("spark.metrics.") || key.startsWith("spark.ui.prometheus.")) {
        metrics.put(key, defaults.getProperty(key).trim());
      }
    }
    assertTrue(metrics.containsKey("spark.metrics.conf.*.sink.prometheusServlet.class"), metrics.toString());
    return metrics;
  }

  private static int rows(TreeMap<Long, ? extends Map<String, ?>> byBatch) {
    return byBatch.values().stream().mapToInt(Map::size).sum();
  }

  /**
   * Scrapes until every expected sample has its value (the listener that fills them runs after the
   * batch is reported complete), or the deadline passes; returns the last scrape.
   */
  private static Map<String, String> awaitScrape(String url, Map<String, String> expected, Duration within)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + within.toNanos();
    Map<String, String> samples;
    do {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      samples = parse(response.body());
      boolean all = true;
      for (Map.Entry<String, String> e : expected.entrySet()) {
        all &= e.getValue().equals(samples.get(e.getKey()));
      }
      if (all) {
        return samples;
      }
      Thread.sleep(100); // the next scrape: polling a server, bounded by the deadline
    } while (System.nanoTime() < deadline);
    return samples;
  }

  private static Map<String, String> parse(String body) {
    Map<String, String> samples = new TreeMap<>();
    for (String line : body.split("\n")) {
      Matcher m = SAMPLE.matcher(line.trim());
      if (m.matches()) {
        samples.put(m.group(1), m.group(2));
      }
    }
    return samples;
  }

}
