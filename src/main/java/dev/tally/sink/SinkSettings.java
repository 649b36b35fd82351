package dev.tally.sink;

import dev.tally.config.ConfigException;
import dev.tally.config.Option;
import dev.tally.config.OptionValues;
import dev.tally.sink.jdbc.JdbcSettings;
import java.util.ArrayList;
import java.util.List;

/** The sinks the options ask for, checked: the database's settings, the console's; {@link Sinks} opens them. */
public final class SinkSettings {
  private final List<String> sinks;
  private final JdbcSettings jdbc;
  private final int top;

  private SinkSettings(List<String> sinks, JdbcSettings jdbc, int top) {
    this.sinks = List.copyOf(sinks);
    this.jdbc = jdbc;
    this.top = top;
  }

  /** The sinks of {@code v}; {@code valueFields}: the job's, each a column of the database's tables. */
  public static SinkSettings of(OptionValues v, List<String> valueFields) throws ConfigException {
    List<String> sinks = new ArrayList<>();
    for (String sink : v.get(Option.SINK).split(",")) {
      String name = sink.trim();
      if (!name.equals("jdbc") && !name.equals("console")) {
        throw new ConfigException(Option.SINK.id(), "'" + name + "' is not a sink; use jdbc, console or jdbc,console");
      }
      if (sinks.contains(name)) {
        throw new ConfigException(Option.SINK.id(), "'" + name + "' given twice");
      }
      sinks.add(name);
    }
    JdbcSettings jdbc = sinks.contains("jdbc") ? JdbcSettings.of(v, valueFields) : null;
    return new SinkSettings(sinks, jdbc, v.intIn(Option.TOP, 1, 10_000));
  }

  /** The sinks to write to, in order: {@code jdbc} and/or {@code console}. */
  public List<String> sinks() {
    return sinks;
  }

  /** The database settings; null when no jdbc sink is configured. */
  public JdbcSettings jdbc() {
    return jdbc;
  }

  /** Console: keys shown per window and for totals. */
  public int top() {
    return top;
  }
}
