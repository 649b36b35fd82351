package dev.tally.sink;

import dev.tally.config.ConfigException;
import dev.tally.config.TallyConfig;
import dev.tally.model.MetricSchema;
import dev.tally.sink.jdbc.JdbcSink;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Builds the sink a configuration asks for, at every start (sinks are runtime settings). */
public final class Sinks {
  private Sinks() {}

  /**
   * @throws ConfigException when the database refuses Tally's tables (bad name, other columns)
   * @throws SQLException when the database cannot be reached
   */
  public static Sink fromConfig(TallyConfig config, PrintStream console) throws ConfigException, SQLException {
    List<Sink> sinks = new ArrayList<>();
    for (String name : config.sinks()) {
      if (name.equals("jdbc")) {
        JdbcSink jdbc = new JdbcSink(config.jdbc());
        // The tables for the configured values; a job recovered with other frozen values is checked
        // again at its first write.
        jdbc.prepare(MetricSchema.of(config.graph().parser()));
        sinks.add(jdbc);
      } else {
        sinks.add(new ConsoleSink(console, config.top()));
      }
    }
    return sinks.size() == 1 ? sinks.get(0) : new CompositeSink(sinks);
  }
}
