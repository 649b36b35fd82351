package dev.tally.checkpointed;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The lines of one slice, made one at a time as the consumer asks for them (never held in memory
 * together), in one reused builder: the only allocation per line is the String itself.
 */
public final class GeneratedLines implements Iterator<String> {
  private final GeneratedEvents events;
  private final GeneratedSlice slice;
  private final StringBuilder line = new StringBuilder(128);
  private long next;

  public GeneratedLines(GeneratedEvents events, GeneratedSlice slice) {
    this.events = events;
    this.slice = slice;
  }

  @Override
  public boolean hasNext() {
    return next < slice.lines();
  }

  @Override
  public String next() {
    if (next >= slice.lines()) {
      throw new NoSuchElementException(slice.toString());
    }
    line.setLength(0);
    events.appendLine(line, slice, next++);
    return line.toString();
  }
}
