package dev.tally.sink;

import dev.tally.config.ConfigException;
import dev.tally.model.MetricSchema;
import dev.tally.parse.ParserSpec;
import dev.tally.sink.jdbc.JdbcSink;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Builds the sink the settings ask for, at every start (sinks are runtime settings). */
public final class Sinks {
  private Sinks() {}

  /**
   * @throws ConfigException when the database refuses Tally's tables (bad name, other columns)
   * @throws SQLException when the database cannot be reached
   */
  public static Sink of(SinkSettings settings, ParserSpec parser, PrintStream console)
      throws ConfigException, SQLException {
    List<Sink> sinks = new ArrayList<>();
    for (String name : settings.sinks()) {
      if (name.equals("jdbc")) {
        JdbcSink jdbc = new JdbcSink(settings.jdbc());
        // The tables for the configured values; a job recovered with other frozen values is checked
        // again at its first write.
        jdbc.prepare(MetricSchema.of(parser));
        sinks.add(jdbc);
      } else {
        sinks.add(new ConsoleSink(console, settings.top()));
      }
    }
    return sinks.size() == 1 ? sinks.get(0) : new CompositeSink(sinks);
  }
}
