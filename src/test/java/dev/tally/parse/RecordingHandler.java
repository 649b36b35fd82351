package dev.tally.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Records what a parser reports, copying the reused value arrays. */
final class RecordingHandler implements EventHandler {
  /** One reported event. */
  record Event(String key, List<Long> values) {
    static Event of(String key, long... values) {
      return new Event(key, Arrays.stream(values).boxed().toList());
    }
  }

  final List<Event> events = new ArrayList<>();
  final List<String> rejects = new ArrayList<>();

  @Override
  public void event(String key, long[] values) {
    events.add(Event.of(key, values));
  }

  @Override
  public void reject(String reason) {
    rejects.add(reason);
  }

  /** Parses one line with {@code parser} into a fresh recorder. */
  static RecordingHandler parse(LineParser parser, String line) {
    RecordingHandler handler = new RecordingHandler();
    parser.parse(line, handler);
    return handler;
  }

  /** The one reject reason; fails unless the line produced exactly one reject and no event. */
  String onlyReject() {
    if (rejects.size() != 1 || !events.isEmpty()) {
      throw new AssertionError("expected exactly one reject and no event, got events=" + events + " rejects=" + rejects);
    }
    return rejects.get(0);
  }

  /** The one event; fails unless the line produced exactly one event and no reject. */
  Event onlyEvent() {
    if (events.size() != 1 || !rejects.isEmpty()) {
      throw new AssertionError("expected exactly one event and no reject, got events=" + events + " rejects=" + rejects);
    }
    return events.get(0);
  }
}
