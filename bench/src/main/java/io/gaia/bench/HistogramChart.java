package io.gaia.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Renders latency distributions as a PNG: log-scaled milliseconds across, share of samples up, p50/p99 marked. */
final class HistogramChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final double MIN_MS = 0.1;
    private static final double MAX_MS = 1000;
    private static final int BINS = 60;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};

    private HistogramChart() {
    }

    static void render(Path file, String title, Map<String, long[]> sortedMicros) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);

        Map<String, double[]> shares = new LinkedHashMap<>();
        double top = 0;
        for (Map.Entry<String, long[]> series : sortedMicros.entrySet()) {
            double[] share = bins(series.getValue());
            shares.put(series.getKey(), share);
            for (double s : share) {
                top = Math.max(top, s);
            }
        }
        top = Math.max(top * 1.1, 0.01);
        axes(g, top);

        int index = 0;
        for (Map.Entry<String, double[]> series : shares.entrySet()) {
            Color color = COLORS[index % COLORS.length];
            long[] sorted = sortedMicros.get(series.getKey());
            plot(g, series.getValue(), top, color);
            double p50 = Samples.percentileMillis(sorted, 50);
            double p99 = Samples.percentileMillis(sorted, 99);
            marker(g, p50, color, new float[] {6, 4});
            marker(g, p99, color, new float[] {2, 3});
            g.setColor(color);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(String.format("%s  (n=%d, p50 %.2f ms, p99 %.2f ms)", series.getKey(), sorted.length, p50, p99),
                    LEFT + 10, TOP + 18 + 18 * index);
            index++;
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString("dashed: p50, dotted: p99", WIDTH - RIGHT - 150, TOP + 18);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static double[] bins(long[] micros) {
        double[] share = new double[BINS];
        for (long value : micros) {
            share[bin(value / 1000.0)]++;
        }
        for (int i = 0; i < BINS; i++) {
            share[i] = micros.length == 0 ? 0 : share[i] / micros.length;
        }
        return share;
    }

    private static int bin(double ms) {
        double clamped = Math.max(MIN_MS, Math.min(MAX_MS * 0.9999, ms));
        return (int) (Math.log(clamped / MIN_MS) / Math.log(MAX_MS / MIN_MS) * BINS);
    }

    private static int x(double ms) {
        double clamped = Math.max(MIN_MS, Math.min(MAX_MS, ms));
        return LEFT + (int) (Math.log(clamped / MIN_MS) / Math.log(MAX_MS / MIN_MS) * (WIDTH - LEFT - RIGHT));
    }

    private static int y(double share, double top) {
        return HEIGHT - BOTTOM - (int) (share / top * (HEIGHT - TOP - BOTTOM));
    }

    private static void axes(Graphics2D g, double top) {
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double ms : new double[] {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}) {
            int x = x(ms);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            g.drawString(ms < 1 ? String.valueOf(ms) : String.valueOf((int) ms), x - 8, HEIGHT - BOTTOM + 18);
        }
        g.drawString("latency (ms, log scale)", WIDTH / 2 - 60, HEIGHT - 25);
        for (int i = 0; i <= 4; i++) {
            double share = top * i / 4;
            int y = y(share, top);
            g.drawString(String.format("%.0f%%", share * 100), 20, y + 4);
        }
    }

    private static void plot(Graphics2D g, double[] share, double top, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        double step = Math.log(MAX_MS / MIN_MS) / BINS;
        int prevX = x(MIN_MS);
        int prevY = y(0, top);
        for (int i = 0; i < BINS; i++) {
            int x0 = x(MIN_MS * Math.exp(step * i));
            int x1 = x(MIN_MS * Math.exp(step * (i + 1)));
            int yv = y(share[i], top);
            g.drawLine(prevX, prevY, x0, yv);
            g.drawLine(x0, yv, x1, yv);
            prevX = x1;
            prevY = yv;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void marker(Graphics2D g, double ms, Color color, float[] dash) {
        if (Double.isNaN(ms)) {
            return;
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        g.drawLine(x(ms), TOP, x(ms), HEIGHT - BOTTOM);
        g.setStroke(new BasicStroke(1f));
    }
}
