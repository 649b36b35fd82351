package dev.tally.bench.state;

import java.io.Serializable;

/** Keys {@code k<from>} .. {@code k<to - 1>}: one partition's share of a batch of new keys. */
public record KeyRange(long from, long to) implements Serializable {
  private static final long serialVersionUID = 1L;
}
