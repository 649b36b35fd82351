package dev.tally.config;

/** A configuration Tally refuses before anything starts; the message names the option. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String option;

  public ConfigException(String option, String message) {
    super("--" + option + ": " + message);
    this.option = option;
  }

  /** The option at fault, without dashes. */
  public String option() {
    return option;
  }
}
