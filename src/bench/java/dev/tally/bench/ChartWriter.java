package dev.tally.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;

/**
 * Draws a figure as a PNG with Java2D alone: a grouped bar chart (groups = x labels, one bar per
 * series) or a line chart (numeric x, logarithmic when it spans two decades or more). Whiskers show
 * each point's low..high over the repetitions; the footer states the machine.
 */
final class ChartWriter {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 620;
  private static final int LEFT = 100;
  private static final int RIGHT = 30;
  private static final int TOP = 70;
  private static final int BOTTOM = 110;
  // Distinguishable in colour and in grey print; the comparator always gets the grey.
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};
  private static final Color COMPARATOR = new Color(0x7f7f7f);

  private ChartWriter() {}

  static Path write(Path folder, FigureResult result, Machine machine) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      g.drawString("Figure " + result.id() + ": " + result.title(), LEFT - 60, 32);

      double yMax = result.points().stream().mapToDouble(p -> Math.max(p.y(), p.high())).max().orElse(1);
      AxisTicks yTicks = AxisTicks.linear(0, yMax, 6);
      int plotW = WIDTH - LEFT - RIGHT;
      int plotH = HEIGHT - TOP - BOTTOM;
      DoubleUnaryOperator yPixel = y -> TOP + plotH - (y - yTicks.min()) / (yTicks.max() - yTicks.min()) * plotH;
      drawYAxis(g, result, yTicks, yPixel, plotW);
      if (result.chart() == FigureResult.Chart.BARS) {
        drawBars(g, result, yPixel, plotW, plotH);
      } else {
        drawLines(g, result, yPixel, plotW, plotH);
      }
      drawLegend(g, result);
      g.setColor(Color.DARK_GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString("Machine: " + machine.oneLine(), 12, HEIGHT - 12);
      g.drawString("Median of " + repetitionsText(result) + "; whiskers: lowest..highest.", 12, HEIGHT - 28);
    } finally {
      g.dispose();
    }
    Path file = folder.resolve("figure-" + result.id() + ".png");
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  private static String repetitionsText(FigureResult result) {
    int min = result.points().stream().mapToInt(Point::repetitions).min().orElse(0);
    int max = result.points().stream().mapToInt(Point::repetitions).max().orElse(0);
    return (min == max ? min : min + "-" + max) + " repetitions";
  }

  private static void drawYAxis(Graphics2D g, FigureResult result, AxisTicks ticks, DoubleUnaryOperator yPixel,
      int plotW) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (double t : ticks.values()) {
      int y = (int) Math.round(yPixel.applyAsDouble(t));
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(LEFT, y, LEFT + plotW, y);
      g.setColor(Color.BLACK);
      String label = Numbers.compact(t);
      g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
    g.drawLine(LEFT, (int) yPixel.applyAsDouble(ticks.min()), LEFT, (int) yPixel.applyAsDouble(ticks.max()));
    AffineTransform saved = g.getTransform();
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    String label = result.yAxis() + " (" + result.unit() + ")";
    int mid = (int) ((yPixel.applyAsDouble(ticks.min()) + yPixel.applyAsDouble(ticks.max())) / 2);
    g.rotate(-Math.PI / 2, 24, mid);
    g.drawString(label, 24 - g.getFontMetrics().stringWidth(label) / 2, mid + 4);
    g.setTransform(saved);
  }

  private static void drawXAxisLabel(Graphics2D g, FigureResult result, int plotW, int plotH) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    int width = g.getFontMetrics().stringWidth(result.xAxis());
    g.drawString(result.xAxis(), LEFT + (plotW - width) / 2, TOP + plotH + 48);
  }

  private static void drawBars(Graphics2D g, FigureResult result, DoubleUnaryOperator yPixel, int plotW, int plotH) {
    List<String> groups = result.xLabels();
    List<String> series = result.series();
    double groupW = (double) plotW / groups.size();
    double barW = Math.min(90, groupW * 0.8 / series.size());
    int baseY = TOP + plotH;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (int gi = 0; gi < groups.size(); gi++) {
      double groupLeft = LEFT + gi * groupW + (groupW - barW * series.size()) / 2;
      for (int si = 0; si < series.size(); si++) {
        Point p = find(result, series.get(si), groups.get(gi));
        if (p == null) {
          continue;
        }
        int x = (int) Math.round(groupLeft + si * barW);
        int top = (int) Math.round(yPixel.applyAsDouble(p.y()));
        g.setColor(colour(result, series.get(si), si));
        g.fillRect(x + 2, top, (int) barW - 4, baseY - top);
        int cx = x + (int) barW / 2;
        drawWhisker(g, cx, yPixel.applyAsDouble(p.low()), yPixel.applyAsDouble(p.high()));
        g.setColor(Color.BLACK);
        String value = Numbers.compact(p.y());
        int labelY = (int) Math.min(top, yPixel.applyAsDouble(p.high())) - 4;
        g.drawString(value, cx - fm.stringWidth(value) / 2, labelY);
      }
      g.setColor(Color.BLACK);
      String label = groups.get(gi);
      g.drawString(label, (int) (LEFT + gi * groupW + (groupW - fm.stringWidth(label)) / 2), baseY + 20);
    }
    g.drawLine(LEFT, baseY, LEFT + plotW, baseY);
    drawXAxisLabel(g, result, plotW, plotH);
  }

  private static void drawLines(Graphics2D g, FigureResult result, DoubleUnaryOperator yPixel, int plotW, int plotH) {
    double xMin = result.points().stream().mapToDouble(Point::x).min().orElse(0);
    double xMax = result.points().stream().mapToDouble(Point::x).max().orElse(1);
    boolean log = xMin > 0 && xMax / xMin >= 100;
    DoubleUnaryOperator xPixel;
    List<Double> xTicks;
    if (log) {
      xTicks = AxisTicks.decades(xMin, xMax);
      double lo = Math.log10(xTicks.get(0));
      double hi = Math.log10(xTicks.get(xTicks.size() - 1));
      xPixel = x -> LEFT + (Math.log10(x) - lo) / (hi - lo) * plotW;
    } else {
      AxisTicks ticks = AxisTicks.linear(xMin, xMax, 8);
      xTicks = ticks.values();
      xPixel = x -> LEFT + (x - ticks.min()) / (ticks.max() - ticks.min()) * plotW;
    }
    int baseY = TOP + plotH;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (double t : xTicks) {
      int x = (int) Math.round(xPixel.applyAsDouble(t));
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(x, TOP, x, baseY);
      g.setColor(Color.BLACK);
      String label = Numbers.compact(t);
      g.drawString(label, x - fm.stringWidth(label) / 2, baseY + 20);
    }
    g.drawLine(LEFT, baseY, LEFT + plotW, baseY);
    List<String> series = result.series();
    for (int si = 0; si < series.size(); si++) {
      String name = series.get(si);
      List<Point> points = result.points().stream().filter(p -> p.series().equals(name))
          .sorted((a, b) -> Double.compare(a.x(), b.x())).toList();
      g.setColor(colour(result, name, si));
      g.setStroke(new BasicStroke(2.5f));
      for (int i = 1; i < points.size(); i++) {
        g.drawLine((int) xPixel.applyAsDouble(points.get(i - 1).x()), (int) yPixel.applyAsDouble(points.get(i - 1).y()),
            (int) xPixel.applyAsDouble(points.get(i).x()), (int) yPixel.applyAsDouble(points.get(i).y()));
      }
      g.setStroke(new BasicStroke(1f));
      for (Point p : points) {
        int x = (int) xPixel.applyAsDouble(p.x());
        int y = (int) yPixel.applyAsDouble(p.y());
        g.setColor(colour(result, name, si));
        g.fillOval(x - 5, y - 5, 10, 10);
        drawWhisker(g, x, yPixel.applyAsDouble(p.low()), yPixel.applyAsDouble(p.high()));
      }
    }
    drawXAxisLabel(g, result, plotW, plotH);
    if (log) {
      g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 11));
      g.drawString("(logarithmic)", LEFT + plotW - 80, baseY + 48);
    }
  }

  private static void drawWhisker(Graphics2D g, int x, double lowPixel, double highPixel) {
    if (Math.abs(lowPixel - highPixel) < 1) {
      return;
    }
    g.setColor(Color.BLACK);
    g.drawLine(x, (int) lowPixel, x, (int) highPixel);
    g.drawLine(x - 5, (int) lowPixel, x + 5, (int) lowPixel);
    g.drawLine(x - 5, (int) highPixel, x + 5, (int) highPixel);
  }

  private static void drawLegend(Graphics2D g, FigureResult result) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    int x = LEFT;
    int y = 52;
    List<String> series = result.series();
    for (int si = 0; si < series.size(); si++) {
      String name = series.get(si) + (series.get(si).equals(result.comparator()) ? " (comparator)" : "");
      if (x + 20 + fm.stringWidth(name) > WIDTH - RIGHT) {
        x = LEFT;
        y += 16; // wraps onto the plot's top margin only with many series
      }
      g.setColor(colour(result, series.get(si), si));
      g.fillRect(x, y - 10, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(name, x + 17, y);
      x += 17 + fm.stringWidth(name) + 22;
    }
  }

  private static Color colour(FigureResult result, String series, int index) {
    if (series.equals(result.comparator())) {
      return COMPARATOR;
    }
    int others = 0;
    for (String s : result.series().subList(0, index)) {
      if (!s.equals(result.comparator())) {
        others++;
      }
    }
    return PALETTE[others % PALETTE.length];
  }

  private static Point find(FigureResult result, String series, String xLabel) {
    return result.points().stream().filter(p -> p.series().equals(series) && p.xLabel().equals(xLabel))
        .findFirst().orElse(null);
  }
}
