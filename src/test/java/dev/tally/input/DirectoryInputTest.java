package dev.tally.input;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import dev.tally.testing.Settings;
import dev.tally.testing.StreamingHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitored directory: a file moved in atomically is read in the next batch and never again; a
 * file still being written under a dot-name is ignored until renamed; malformed lines become rejects
 * while the good ones are counted.
 */
class DirectoryInputTest {
  @TempDir Path checkpoint;
  @TempDir Path inbox;
  @TempDir Path staging;

  @Test
  void filesMovedInAreCountedExactlyOnce() throws IOException {
    Settings settings = Settings.batches(1000).csv(2, "cost").window("3s/1s");
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings.build(),
        List.of(new DirectoryInput(inbox.toString()))).start()) {
      job.runBatch();

      moveIn(job, "one.csv", "a,1.50\nb,2\na,0.25\n");
      job.runBatch();
      assertEquals(Map.of("a", "2@175", "b", "1@200"), totals(job));

      Path partial = inbox.resolve(".two.csv.partial"); // hidden: not picked up while being written
      Files.writeString(partial, "a,10\n");
      Files.setLastModifiedTime(partial, FileTime.fromMillis(job.clock().getTimeMillis() + 1000));
      job.runBatch();
      assertEquals(Map.of("a", "2@175", "b", "1@200"), totals(job));

      Files.move(partial, inbox.resolve("two.csv"), StandardCopyOption.ATOMIC_MOVE);
      job.runBatch();
      assertEquals(Map.of("a", "3@1175", "b", "1@200"), totals(job));

      job.runBatches(3); // later batches do not read the files again
      assertEquals(Map.of("a", "3@1175", "b", "1@200"), totals(job));
    }
  }

  @Test
  void aFileWithThirtyPercentMalformedLinesCountsTheGoodAndRejectsTheBad() throws IOException {
    StringBuilder file = new StringBuilder();
    long goodCost = 0;
    int good = 0;
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      if (i % 10 < 3) {
        String line = switch (i % 4) {
          case 0 -> "k" + i + ",not-a-number";
          case 1 -> "k" + i + ",1,extra";
          case 2 -> ",5";
          default -> "\"k" + i + ",3";
        };
        bad.add(line);
        file.append(line).append('\n');
      } else {
        file.append("key,").append(i).append('\n');
        goodCost += i * 100L;
        good++;
      }
    }
    Settings settings = Settings.batches(1000).csv(2, "cost").window("3s/1s");
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings.build(),
        List.of(new DirectoryInput(inbox.toString()))).start()) {
      job.runBatch();
      moveIn(job, "mixed.csv", file.toString());
      List<String> lines = List.of(file.toString().split("\n"));
      job.runBatches(2);

      TotalState total = job.sink().latestTotals().get("key");
      assertEquals(good, total.metric().count());
      assertEquals(goodCost, total.metric().sum(0));
      List<Reject> rejects = new ArrayList<>();
      job.sink().rejects().values().forEach(rejects::addAll);
      List<String> raw = new ArrayList<>();
      for (Reject r : rejects) {
        raw.add(r.raw());
        assertEquals("file:" + inbox.resolve("mixed.csv"), r.input());
        assertEquals(lines.get((int) r.position() - 1), r.raw(), "the position is the line number");
      }
      assertEquals(bad.stream().sorted().toList(), raw.stream().sorted().toList(), "every bad line, kept verbatim");
      assertEquals(300, rejects.stream().map(Reject::position).distinct().count(), "each reject has its own position");
    }
  }

  @Test
  void rejectsNameTheirFileAndLineAndBytesThatAreNotUtf8AreRejectedNotCounted() throws IOException {
    Settings settings = Settings.batches(1000).csv(2, "cost").window("3s/1s");
    try (StreamingHarness job = StreamingHarness.create(checkpoint, settings.build(),
        List.of(new DirectoryInput(inbox.toString()))).start()) {
      job.runBatch();
      moveIn(job, "a.csv", "k,1\nbad a\nk,2\n".getBytes(UTF_8));
      byte[] notUtf8 = {'k', (byte) 0xE9, ',', '5', '\n'}; // Latin-1 "ké,5": U+FFFD would make a new key
      byte[] b = concat("k,4\n\nk,8\n".getBytes(UTF_8), notUtf8, "too,many,columns\n".getBytes(UTF_8));
      moveIn(job, "b.csv", b); // two files in one batch
      job.runBatches(2);

      assertEquals(Map.of("k", "4@1500"), totals(job), "never a key with a replacement character");
      List<String> rejects = new ArrayList<>();
      job.sink().rejects().values().forEach(list -> list.forEach(
          r -> rejects.add(r.input() + " line " + r.position() + ": " + r.reason() + " <" + r.raw() + ">")));
      assertEquals(List.of(
          "file:" + inbox.resolve("a.csv") + " line 2: expected 2 columns, found 1 <bad a>",
          "file:" + inbox.resolve("b.csv") + " line 4: invalid UTF-8 <k\uFFFD,5>",
          "file:" + inbox.resolve("b.csv") + " line 5: expected 2 columns, found 3 <too,many,columns>"),
          rejects.stream().sorted().toList());
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Writes elsewhere, stamps the next batch's time, then renames into the inbox in one step. */
  private void moveIn(StreamingHarness job, String name, String content) throws IOException {
    moveIn(job, name, content.getBytes(UTF_8));
  }

  private void moveIn(StreamingHarness job, String name, byte[] content) throws IOException {
    Path written = staging.resolve(name);
    Files.write(written, content);
    // FileInputDStream selects files modified up to the batch time; the ManualClock is far from now.
    Files.setLastModifiedTime(written, FileTime.fromMillis(job.clock().getTimeMillis() + job.batchMs()));
    Files.move(written, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Latest totals as {@code count@sum} in fixed-point units. */
  private static Map<String, String> totals(StreamingHarness job) {
    Map<String, String> out = new TreeMap<>();
    job.sink().latestTotals().forEach((key, t) -> out.put(key, t.metric().count() + "@" + t.metric().sum(0)));
    return out;
  }
}
