package dev.tally.checkpointed;

import dev.tally.eventtime.Watermark;
import dev.tally.runtime.DriverRuntime;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;

/**
 * Runs on the driver at each batch: brings the batch's watermark (one small cached record) to the
 * driver, for the health line and the metrics. Reads only; writes nothing.
 */
public final class WatermarkOutput implements VoidFunction2<JavaPairRDD<String, Watermark>, Time> {
  private static final long serialVersionUID = 1L;

  @Override
  public void call(JavaPairRDD<String, Watermark> watermarks, Time time) {
    DriverRuntime runtime = DriverRuntime.current(); // looked up at each batch: this function comes from the checkpoint
    for (Watermark watermark : watermarks.values().collect()) {
      runtime.figures().watermark(time.milliseconds(), watermark.nextMs());
    }
  }
}
