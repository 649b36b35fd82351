package dev.tally.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build, from a resource Maven filters at build time: it is the same in the
 * shaded jar and in {@code target/classes}, where tests run and no jar manifest exists.
 */
public final class BuildInfo {
  static final String RESOURCE = "/dev/tally/tally-build.properties";
  private static final String UNKNOWN = "unknown";

  private BuildInfo() {}

  /** The project version, or {@code unknown} when the resource was not filtered (an IDE build). */
  public static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties props = new Properties();
      props.load(in);
      String version = props.getProperty("version", UNKNOWN).trim();
      return version.isEmpty() || version.startsWith("${") ? UNKNOWN : version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
