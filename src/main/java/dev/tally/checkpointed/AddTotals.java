package dev.tally.checkpointed;

import dev.tally.model.TotalState;
import org.apache.spark.api.java.function.Function2;

/** Adds two running-total contributions of one key (a stored seed and a batch's). */
public final class AddTotals implements Function2<TotalState, TotalState, TotalState> {
  private static final long serialVersionUID = 1L;

  @Override
  public TotalState call(TotalState a, TotalState b) {
    return a.plus(b);
  }
}
