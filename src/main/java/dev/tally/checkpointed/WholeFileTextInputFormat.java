package dev.tally.checkpointed;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Text lines of files that are never split: one partition reads a whole file from its first line, so
 * a reject can name its line number. Files moved into an inbox are small next to a split (32 MB and
 * more); a larger file is read by one task.
 */
public final class WholeFileTextInputFormat extends TextInputFormat {
  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return false;
  }
}
