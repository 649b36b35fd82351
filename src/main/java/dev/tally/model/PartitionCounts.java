package dev.tally.model;

/** How many lines one partition of one batch read, and how many of them were rejected. */
public final class PartitionCounts implements PartitionOutput {
  private static final long serialVersionUID = 1L;

  private final long lines;
  private final long rejects;

  public PartitionCounts(long lines, long rejects) {
    this.lines = lines;
    this.rejects = rejects;
  }

  public long lines() {
    return lines;
  }

  public long rejects() {
    return rejects;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionCounts c && c.lines == lines && c.rejects == rejects;
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(lines) + Long.hashCode(rejects);
  }

  @Override
  public String toString() {
    return "lines=" + lines + " rejects=" + rejects;
  }
}
