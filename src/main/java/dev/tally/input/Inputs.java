package dev.tally.input;

import dev.tally.config.HostPort;
import dev.tally.input.kafka.KafkaInput;
import dev.tally.input.loadtest.GeneratedInput;
import dev.tally.parse.ParserSpec;
import java.util.ArrayList;
import java.util.List;

/** The inputs the settings ask for. */
public final class Inputs {
  private Inputs() {}

  /** The inputs of {@code settings} for a job reading lines with {@code parser}, run by {@code master}. */
  public static List<InputSource> of(InputSettings settings, ParserSpec parser, String master) {
    boolean local = master == null || master.startsWith("local");
    List<InputSource> inputs = new ArrayList<>();
    for (HostPort socket : settings.sockets()) {
      inputs.add(new SocketInput(socket, !local));
    }
    settings.inputDir().ifPresent(dir -> inputs.add(new DirectoryInput(dir)));
    settings.generate().ifPresent(spec -> inputs.add(new GeneratedInput(spec, parser)));
    settings.kafka().ifPresent(kafka -> inputs.add(new KafkaInput(kafka)));
    return inputs;
  }
}
