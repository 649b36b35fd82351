package dev.tally.config;

import java.util.Locale;

/**
 * How the running totals are kept. Both give the same rows; they differ in what a batch costs.
 */
public enum TotalsOperator {
  /**
   * {@code updateStateByKey}: every batch cogroups the whole state with the batch, so a batch costs in
   * proportion to every key held (within the TTL). Cheapest while that is small.
   */
  UPDATE_STATE_BY_KEY("updateStateByKey"),

  /**
   * {@code mapWithState}: the state lives in per-partition maps updated in place for the keys a batch
   * touches, and is checkpointed (and swept for idle keys) every checkpoint interval. A batch costs in
   * proportion to the keys it touches.
   */
  MAP_WITH_STATE("mapWithState");

  private final String id;

  TotalsOperator(String id) {
    this.id = id;
  }

  /** As a user writes it: the DStream operator's name. */
  public String id() {
    return id;
  }

  /** @throws IllegalArgumentException when {@code text} names neither operator */
  public static TotalsOperator parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (TotalsOperator operator : values()) {
      if (operator.id.toLowerCase(Locale.ROOT).equals(wanted)) {
        return operator;
      }
    }
    throw new IllegalArgumentException("'" + text.trim() + "' is not updateStateByKey or mapWithState");
  }
}
