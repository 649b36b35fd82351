package dev.tally.sink.jdbc;

import dev.tally.model.MetricSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The CREATE TABLE statements of the configured tables in the configured database's dialect, for a
 * DBA who creates them beforehand ({@code tally ddl}; Tally then runs with {@code --create-tables
 * false}): the very statements Tally would run itself.
 */
public final class Ddl {
  private Ddl() {}

  public static List<String> statements(JdbcSettings settings, MetricSchema schema) {
    Dialect dialect = settings.dialect();
    List<String> statements = new ArrayList<>();
    for (Table table : TallyTables.all(settings.tables(), schema)) {
      statements.add(dialect.createTable(table) + ";");
    }
    return statements;
  }
}
