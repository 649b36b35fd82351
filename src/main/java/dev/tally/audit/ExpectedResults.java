package dev.tally.audit;

import dev.tally.config.GraphSettings;
import dev.tally.config.WindowSpec;
import dev.tally.model.EventWindowKey;
import dev.tally.model.Metric;
import dev.tally.model.SourceOffset;
import dev.tally.parse.EventHandler;
import dev.tally.parse.LineParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Recomputes offline what Tally should have written, from a topic's records and the sink's ledger:
 * which batch read each record, so each batch's per-key sums; from those, every window row and the
 * running totals. Pure Java, no Spark: records are parsed by Tally's own parser for the job's
 * settings, and the window and total semantics are Tally's own:
 *
 * <ul>
 *   <li>A window of length L sliding every S is output at the batch times {@code origin + k*S} of a
 *       checkpoint's origin, and holds the batches of that origin in {@code (end - L, end]}: windows
 *       restart with a new checkpoint. Only keys with a non-zero value are rows.
 *   <li>Running totals count every record once (a record two batches read is reported, and counted
 *       once here: that is the truth the sink's totals are compared with). A new checkpoint
 *       continues them from the sink (unless --seed-totals false, when they restart), and a key
 *       idle longer than --state-ttl restarts from zero, all as Tally does.
 *   <li>With event-time windows ({@code --event-window}), events are kept until every record is read,
 *       then the batches are replayed in ledger order ({@link EventTimeReplay}): each batch's watermark
 *       decides which of its events are late. Late events are rejects of their batch and count nowhere
 *       else; the others feed the windows and totals above and the event-time window rows.
 * </ul>
 *
 * Feed it every record of the topics, each partition in offset order (as a consumer reads), then
 * call {@link #finish()} once. Records at or above the stored offsets that no batch read are
 * pending, not lost, and are not parsed.
 */
public final class ExpectedResults {
  private static final int EXAMPLES = 5;
  private static final int LOST = -1;
  private static final long NO_TIMESTAMP = -1;

  private final GraphSettings graph;
  private final Ledger ledger;
  private final LineParser parser;
  private final int valueCount;
  private final KeyedSums[] perBatch; // what each batch read, records read twice included
  private final KeyedSums[] readAgain; // of which records an earlier batch had read already
  private final long[] rejects;
  private final KeyedSums lostSums;
  private final Targets targets = new Targets();
  private final TimedEventLog timedEvents; // null without event-time windows
  private final boolean timeFromRecord;

  private long records;
  private long counted;
  private long lost;
  private long countedTwice;
  private long pending;
  private final List<String> lostExamples = new ArrayList<>();
  private final List<String> twiceExamples = new ArrayList<>();

  private String lastTopic;
  private int lastPartition;
  private PartitionLedger lastLedger;
  private boolean finished;

  /**
   * @param ledgerRows the group's ledger rows
   * @param storedOffsets the group's stored resume offsets
   */
  public ExpectedResults(GraphSettings graph, List<SourceOffset> ledgerRows, List<SourceOffset> storedOffsets) {
    this.graph = graph;
    this.ledger = Ledger.of(ledgerRows, storedOffsets, graph.batchMs());
    this.parser = graph.parser().newParser();
    this.valueCount = parser.valueCount();
    int batches = ledger.batches().size();
    this.perBatch = new KeyedSums[batches];
    this.readAgain = new KeyedSums[batches];
    for (int b = 0; b < batches; b++) {
      perBatch[b] = new KeyedSums(valueCount);
      readAgain[b] = new KeyedSums(valueCount);
    }
    this.rejects = new long[batches];
    this.lostSums = new KeyedSums(valueCount);
    boolean eventTime = !graph.eventWindows().isEmpty() && graph.parser().hasEventTime();
    this.timedEvents = eventTime ? new TimedEventLog(valueCount) : null;
    this.timeFromRecord = graph.parser().eventTimeFromRecord();
  }

  /** The topics the ledger or the stored offsets name (an audit reads these besides the configured ones). */
  public Set<String> ledgerTopics() {
    return ledger.topics();
  }

  /** One record of a topic without a timestamp; see {@link #record(String, int, long, long, String)}. */
  public void record(String topic, int partition, long offset, String value) {
    record(topic, partition, offset, NO_TIMESTAMP, value);
  }

  /**
   * One record of a topic; {@code value} is the line Tally parses (a null value is an empty line),
   * {@code timestampMs} the record's timestamp (negative for none), its event time under
   * {@code --event-time kafka}.
   */
  public void record(String topic, int partition, long offset, long timestampMs, String value) {
    if (finished) {
      throw new IllegalStateException("already finished");
    }
    if (lastLedger == null || partition != lastPartition || !topic.equals(lastTopic)) {
      lastTopic = topic;
      lastPartition = partition;
      lastLedger = ledger.partition(topic, partition);
    }
    records++;
    PartitionLedger p = lastLedger;
    int n = p == null ? 0 : p.cover(offset);
    if (n == 0) {
      if (p == null || offset >= p.storedUntil()) {
        pending++;
        return;
      }
      lost++;
      example(lostExamples, topic, partition, offset);
      targets.set(p, 0, LOST);
    } else {
      counted++;
      int first = p.coveringBatch(0);
      for (int i = 1; i < n; i++) {
        first = Math.min(first, p.coveringBatch(i)); // batches are in time order
      }
      if (n > 1) {
        countedTwice++;
        example(twiceExamples, topic, partition, offset);
      }
      targets.set(p, n, first);
    }
    targets.at(topic, partition, offset, timestampMs);
    parser.parse(value == null ? "" : value, targets);
  }

  private static void example(List<String> examples, String topic, int partition, long offset) {
    if (examples.size() < EXAMPLES) {
      examples.add(topic + "-" + partition + "@" + offset);
    }
  }

  /** Where the events of the record being parsed go: the batches that read it, or the lost sums. */
  private final class Targets implements EventHandler {
    private PartitionLedger ledgerOfRecord;
    private int count;
    private int first;
    private String topic;
    private int partition = -1;
    private String input;
    private long offset;
    private long timestampMs;

    void set(PartitionLedger p, int count, int first) {
      this.ledgerOfRecord = p;
      this.count = count;
      this.first = first;
    }

    void at(String topic, int partition, long offset, long timestampMs) {
      if (partition != this.partition || !topic.equals(this.topic)) {
        this.topic = topic;
        this.partition = partition;
        this.input = "kafka:" + topic + "/" + partition; // as Tally names a Kafka record's input
      }
      this.offset = offset;
      this.timestampMs = timestampMs;
    }

    @Override
    public void event(String key, long[] values) {
      if (timedEvents != null) {
        if (!timeFromRecord) {
          throw new IllegalStateException("the parser reported an event without its time");
        }
        if (timestampMs < 0) {
          reject("the record has no timestamp (--event-time kafka)"); // as Tally's parse pass does
        } else {
          event(key, values, timestampMs);
        }
        return;
      }
      if (first == LOST) {
        lostSums.addEvent(key, values);
        return;
      }
      for (int i = 0; i < count; i++) {
        int b = ledgerOfRecord.coveringBatch(i);
        perBatch[b].addEvent(key, values);
        if (b != first) {
          readAgain[b].addEvent(key, values);
        }
      }
    }

    /** An event with a time: kept until every batch's watermark is known ({@link #finish}). */
    @Override
    public void event(String key, long[] values, long eventTimeMs) {
      if (timedEvents == null) {
        throw new IllegalStateException("the parser reported an event time, but the job has no event-time window");
      }
      if (first == LOST) {
        lostSums.addEvent(key, values); // never read by a batch: its truth is in the totals, lateness unknown
        return;
      }
      for (int i = 0; i < count; i++) {
        int b = ledgerOfRecord.coveringBatch(i);
        timedEvents.add(b, b != first, key, values, eventTimeMs, input, offset);
      }
    }

    @Override
    public void reject(String reason) {
      if (first == LOST) {
        return; // never read: no batch wrote it
      }
      for (int i = 0; i < count; i++) {
        rejects[ledgerOfRecord.coveringBatch(i)]++;
      }
    }
  }

  /** The expected results, after the last record. */
  public Expected finish() {
    finished = true;
    List<Ledger.Batch> batches = ledger.batches();
    ExpectedEventTime eventTime = timedEvents == null ? null : replayEventTime(batches);
    Map<Long, Long> rejectsByBatch = new TreeMap<>();
    for (int b = 0; b < batches.size(); b++) {
      if (rejects[b] > 0) {
        rejectsByBatch.merge(batches.get(b).timeMs(), rejects[b], Long::sum);
      }
    }
    Map<WindowSpec, NavigableMap<Long, Map<String, Metric>>> windows = new LinkedHashMap<>();
    Map<WindowSpec, NavigableSet<Long>> unchecked = new LinkedHashMap<>();
    for (WindowSpec w : graph.windows()) {
      windows.put(w, new TreeMap<>());
      unchecked.put(w, new TreeSet<>());
    }
    List<List<Integer>> origins = batchesByOrigin(batches);
    for (List<Integer> origin : origins) {
      for (WindowSpec w : graph.windows()) {
        windowsOfOrigin(origin, w, windows.get(w), unchecked.get(w));
      }
    }
    long first = batches.isEmpty() ? -1 : batches.get(0).timeMs();
    long last = batches.isEmpty() ? -1 : batches.get(batches.size() - 1).timeMs();
    return new Expected(totals(batches), windows, unchecked, rejectsByBatch, records, counted, lost, countedTwice,
        pending, List.copyOf(lostExamples), List.copyOf(twiceExamples), List.copyOf(ledger.anomalies()), batches.size(),
        origins.size(), first, last, eventTime);
  }

  /**
   * Replays the batches in ledger order through {@link EventTimeReplay}: late events become rejects
   * of their batch; the others are added to their batch's sums, for the windows and totals.
   */
  private ExpectedEventTime replayEventTime(List<Ledger.Batch> batches) {
    EventTimeReplay replay = new EventTimeReplay(graph.eventWindows(), graph.watermarkDelayMs(), valueCount);
    int[] order = timedEvents.byBatch(batches.size());
    long[] values = new long[valueCount];
    Map<ExpectedEventTime.LateReject, String> late = new HashMap<>();
    List<long[]> unchecked = new ArrayList<>();
    int next = 0;
    long originMs = Long.MIN_VALUE;
    boolean originChecked = true;
    for (int b = 0; b < batches.size(); b++) {
      Ledger.Batch batch = batches.get(b);
      if (b == 0 || batch.originMs() != originMs) {
        originMs = batch.originMs();
        replay.startOrigin();
        // Without the origin's first batch, its first watermark is unknown (ledger rows pruned).
        originChecked = batch.timeMs() <= originMs + graph.batchMs();
        if (!originChecked) {
          long lastOfOrigin = batch.timeMs();
          for (int c = b; c < batches.size() && batches.get(c).originMs() == originMs; c++) {
            lastOfOrigin = batches.get(c).timeMs();
          }
          unchecked.add(new long[] {batch.timeMs(), lastOfOrigin});
        }
      }
      long watermark = replay.beginBatch(batch.timeMs());
      for (; next < order.length && timedEvents.batch(order[next]) == b; next++) {
        int e = order[next];
        timedEvents.values(e, values);
        String key = timedEvents.key(e);
        long time = timedEvents.timeMs(e);
        if (replay.event(key, values, time)) {
          perBatch[b].addEvent(key, values);
          if (timedEvents.readBefore(e)) {
            readAgain[b].addEvent(key, values);
          }
        } else {
          rejects[b]++;
          if (originChecked) {
            late.put(new ExpectedEventTime.LateReject(timedEvents.input(e), batch.timeMs(), timedEvents.position(e)),
                EventTimeReplay.lateReason(time, watermark));
          }
        }
      }
      replay.endBatch();
    }
    Map<EventWindowKey, EventTimeReplay.Row> rows = new HashMap<>(replay.rows());
    if (!unchecked.isEmpty()) {
      ExpectedEventTime partial = new ExpectedEventTime(Map.of(), Map.of(), unchecked, 0, 0, 0);
      rows.values().removeIf(row -> partial.unchecked(row.batchTimeMs()));
    }
    return new ExpectedEventTime(rows, late, List.copyOf(unchecked), timedEvents.size(), replay.watermarkMs(),
        replay.openCount());
  }

  /** Batch indexes grouped by origin, each group in time order. */
  private static List<List<Integer>> batchesByOrigin(List<Ledger.Batch> batches) {
    Map<Long, List<Integer>> byOrigin = new TreeMap<>();
    for (int b = 0; b < batches.size(); b++) {
      byOrigin.computeIfAbsent(batches.get(b).originMs(), o -> new ArrayList<>()).add(b);
    }
    return new ArrayList<>(byOrigin.values());
  }

  /**
   * The rows of one window over one origin's batches at each of its slides, kept as a sliding sum:
   * each batch is added once and subtracted once, exactly, as Tally's inverse windows do.
   */
  private void windowsOfOrigin(List<Integer> origin, WindowSpec w, NavigableMap<Long, Map<String, Metric>> out,
      NavigableSet<Long> unchecked) {
    List<Ledger.Batch> batches = ledger.batches();
    long originMs = batches.get(origin.get(0)).originMs();
    long firstMs = batches.get(origin.get(0)).timeMs();
    long lastMs = batches.get(origin.get(origin.size() - 1)).timeMs();
    // When the ledger's first batches of this origin were pruned, windows reaching back to them cannot be checked.
    long checkableFrom = firstMs > originMs + graph.batchMs() ? firstMs - graph.batchMs() + w.lengthMs() : Long.MIN_VALUE;
    KeyedSums window = new KeyedSums(valueCount);
    int added = 0;
    int removed = 0;
    for (long end = originMs + w.slideMs(); end <= lastMs; end += w.slideMs()) {
      while (added < origin.size() && batches.get(origin.get(added)).timeMs() <= end) {
        window.addAll(perBatch[origin.get(added++)], 1);
      }
      while (removed < added && batches.get(origin.get(removed)).timeMs() <= end - w.lengthMs()) {
        window.addAll(perBatch[origin.get(removed++)], -1);
      }
      if (end < firstMs || end < checkableFrom) {
        if (end >= firstMs) {
          unchecked.add(end);
        }
        continue;
      }
      out.put(end, window.toMetrics());
    }
  }

  /** The running totals the sink should hold, batch by batch in time order, then the lost records. */
  private Map<String, Metric> totals(List<Ledger.Batch> batches) {
    int ttlBatches = graph.stateTtlBatches();
    long batchMs = graph.batchMs();
    Map<String, KeyTotal> totals = new HashMap<>();
    for (int b = 0; b < batches.size(); b++) {
      Ledger.Batch batch = batches.get(b);
      for (Map.Entry<String, long[]> e : perBatch[b].entries().entrySet()) {
        long[] again = readAgain[b].get(e.getKey());
        long[] contribution = e.getValue();
        if (again != null) {
          contribution = contribution.clone();
          for (int i = 0; i < contribution.length; i++) {
            contribution[i] -= again[i];
          }
          if (KeyedSums.isZero(contribution)) {
            continue;
          }
        }
        KeyTotal total = totals.computeIfAbsent(e.getKey(), k -> new KeyTotal(valueCount + 1, batch));
        if (total.originMs != batch.originMs()) {
          // A new checkpoint: seeded from the sink, the key's state starts at its first batch; else it restarts.
          if (graph.seedTotals()) {
            total.lastMs = batch.originMs() + batchMs;
          } else {
            total.restart();
          }
          total.originMs = batch.originMs();
        }
        if (ttlBatches > 0 && (batch.timeMs() - total.lastMs) / batchMs > ttlBatches) {
          total.restart(); // evicted after ttlBatches idle batches; the key starts again
        }
        for (int i = 0; i < contribution.length; i++) {
          total.sums[i] += contribution[i];
        }
        total.lastMs = batch.timeMs();
      }
    }
    Map<String, Metric> out = new TreeMap<>();
    totals.forEach((key, total) -> out.put(key, Metric.fromAccumulator(total.sums)));
    lostSums.entries().forEach((key, sums) -> out.merge(key, Metric.fromAccumulator(sums), Metric::plus));
    return out;
  }

  /** A key's running total as the modelled state holds it. */
  private static final class KeyTotal {
    final long[] sums;
    long originMs;
    long lastMs;

    KeyTotal(int width, Ledger.Batch first) {
      this.sums = new long[width];
      this.originMs = first.originMs();
      this.lastMs = first.timeMs();
    }

    void restart() {
      java.util.Arrays.fill(sums, 0);
    }
  }
}
