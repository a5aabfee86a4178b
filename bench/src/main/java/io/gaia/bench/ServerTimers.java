package io.gaia.bench;

import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service's own timers, read from its Prometheus histogram buckets, to split an end-to-end latency.
 * The buckets count from the service's start; {@link #since} subtracts an earlier reading, so a figure
 * can cover only a benchmark's measured window (without the warm-up and its JIT compilation).
 *
 * @param buckets per timer (name and labels, without {@code le}): upper bound in seconds → cumulative count
 * @param sums    per timer: {sum in seconds, count}
 */
record ServerTimers(Map<String, TreeMap<Double, Double>> buckets, Map<String, double[]> sums) {

    /** Reads the timers named {@code metrics} (Prometheus names without {@code _seconds}) from the service now. */
    static ServerTimers scrape(ServiceProcess process, String... metrics) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(process.url() + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + TestTokens.development().admin("bench")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            for (String metric : metrics) {
                if (!line.startsWith(metric + "_seconds")) {
                    continue;
                }
                String series = line.substring(0, line.indexOf('{') < 0 ? line.indexOf(' ') : line.indexOf('{'));
                String labels = line.contains("{") ? line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1) : "";
                String key = metric + labels.replaceAll(",?le=\"[^\"]*\"", "")
                        .replaceAll("application=\"[a-z-]+\",?", "");
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (series.endsWith("_bucket")) {
                    String le = labels.replaceAll(".*le=\"([^\"]*)\".*", "$1");
                    buckets.computeIfAbsent(key, k -> new TreeMap<>())
                            .put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value);
                } else if (series.endsWith("_sum")) {
                    sums.computeIfAbsent(key, k -> new double[2])[0] = value;
                } else if (series.endsWith("_count")) {
                    sums.computeIfAbsent(key, k -> new double[2])[1] = value;
                }
            }
        }
        return new ServerTimers(buckets, sums);
    }

    /** What these timers counted after {@code earlier} was read (same service, later reading). */
    ServerTimers since(ServerTimers earlier) {
        Map<String, TreeMap<Double, Double>> diff = new LinkedHashMap<>();
        buckets.forEach((key, cumulative) -> {
            TreeMap<Double, Double> before = earlier.buckets.getOrDefault(key, new TreeMap<>());
            TreeMap<Double, Double> window = new TreeMap<>();
            cumulative.forEach((le, count) -> window.put(le, count - before.getOrDefault(le, 0.0)));
            diff.put(key, window);
        });
        Map<String, double[]> sumDiff = new LinkedHashMap<>();
        sums.forEach((key, sumCount) -> {
            double[] before = earlier.sums.getOrDefault(key, new double[2]);
            sumDiff.put(key, new double[] {sumCount[0] - before[0], sumCount[1] - before[1]});
        });
        return new ServerTimers(diff, sumDiff);
    }

    /** One line per timer: count, mean, and the bucket bounds holding p50 and p99; {@code over} says which span. */
    String describe(String over) {
        StringBuilder out = new StringBuilder();
        buckets.forEach((key, cumulative) -> {
            double[] sumCount = sums.getOrDefault(key, new double[2]);
            if (sumCount[1] > 0) {
                out.append(String.format("  server %s (%s): n=%.0f mean %.2f ms, p50 <= %s ms, p99 <= %s ms%n", key, over,
                        sumCount[1], sumCount[0] / sumCount[1] * 1000, bound(cumulative, 0.5), bound(cumulative, 0.99)));
            }
        });
        return out.toString();
    }

    /** The upper bound of the bucket holding quantile {@code q}. */
    private static String bound(TreeMap<Double, Double> cumulative, double q) {
        double total = cumulative.lastEntry().getValue();
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey().isInfinite() ? "inf" : String.format("%.2f", bucket.getKey() * 1000);
            }
        }
        return "inf";
    }
}
