package dev.tally.bench.state;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;

/** Runs on the executors: one csv line {@code k<n>,1.25,1} per key of a range, made lazily. */
public final class KeyRangeLines implements FlatMapFunction<KeyRange, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<String> call(KeyRange range) {
    return new Iterator<>() {
      private long next = range.from();

      @Override
      public boolean hasNext() {
        return next < range.to();
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return "k" + next++ + ",1.25,1";
      }
    };
  }
}
