package dev.tally.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tally.model.KeyedMetric;
import dev.tally.model.Metric;
import dev.tally.model.PartitionCounts;
import dev.tally.model.Reject;
import dev.tally.model.TotalState;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** deploy/spark-defaults.conf, the settings every cluster submit uses, read as spark-submit reads it. */
class SparkDefaultsTest {
  private static final Path DEFAULTS = Path.of("deploy", "spark-defaults.conf");

  private static Properties defaults() throws IOException {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(DEFAULTS, StandardCharsets.UTF_8)) {
      props.load(in);
    }
    return props;
  }

  @Test
  void driverModuleOptionsAreThoseOfTheBuild() throws IOException {
    String build = System.getProperty("tally.java17.opens");
    assertNotNull(build, "surefire passes <spark.java17.opens> as tally.java17.opens");
    assertEquals(build.trim(), defaults().getProperty("spark.driver.extraJavaOptions").trim(),
        "spark.driver.extraJavaOptions must equal <spark.java17.opens> of pom.xml");
  }

  /** Every kind of object a shuffle, a persisted batch or a checkpointed state holds survives Kryo as configured. */
  @Test
  void tallyObjectsRoundTripThroughKryoAsConfigured() throws IOException {
    SparkConf conf = new SparkConf(false);
    defaults().forEach((key, value) -> conf.set(((String) key).trim(), ((String) value).trim()));
    assertEquals(KryoSerializer.class.getName(), conf.get("spark.serializer"));
    SerializerInstance kryo = new KryoSerializer(conf).newInstance();

    Metric metric = Metric.of(3, 150, -2);
    List<Object> objects = List.of(metric, Metric.ofCount(1), new TotalState(metric, 1_000, 2_000, 3),
        new KeyedMetric("spring-sale", metric), new Reject("file:/in/a.csv", 7, "bad number", "x,y"),
        new PartitionCounts(10, 2), new Tuple2<>("k\u00e9y", metric));
    ClassTag<Object> any = ClassTag$.MODULE$.apply(Object.class);
    for (Object object : objects) {
      Object copy = kryo.deserialize(kryo.serialize(object, any), any);
      assertEquals(object, copy, object.getClass().getName());
    }
  }
}
