package dev.tally.input;

import dev.tally.config.HostPort;
import dev.tally.config.TallyConfig;
import dev.tally.input.loadtest.GeneratedInput;
import dev.tally.input.kafka.KafkaInput;
import java.util.ArrayList;
import java.util.List;

/** The inputs a configuration asks for. */
public final class Inputs {
  private Inputs() {}

  public static List<InputSource> of(TallyConfig config, String master) {
    boolean local = master == null || master.startsWith("local");
    List<InputSource> inputs = new ArrayList<>();
    for (HostPort socket : config.sockets()) {
      inputs.add(new SocketInput(socket, !local));
    }
    config.inputDir().ifPresent(dir -> inputs.add(new DirectoryInput(dir)));
    config.generate().ifPresent(spec -> inputs.add(new GeneratedInput(spec, config.graph().parser())));
    config.kafka().ifPresent(kafka -> inputs.add(new KafkaInput(kafka)));
    return inputs;
  }
}
