package io.gaia.reliability.fault;

import io.gaia.events.GaiaJson;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** What a running service says about itself: health components, meters, heap after a full GC. */
public final class ServiceProbe {

    private static final GaiaJson JSON = GaiaJson.withMaxBytes(8 * 1024 * 1024);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProbe() {
    }

    static String body(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + TestTokens.development().admin("reliability-probe")).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** The {@code nats} health component's status ("UP", "DEGRADED", or "" when unreachable). */
    static String natsStatus(ServiceProcess service) {
        String body = body(service.url() + "/actuator/health/details");
        if (body.isEmpty()) {
            return "";
        }
        return JSON.readTree(body).path("components").path("nats").path("status").asString("");
    }

    /** The kb-service instances {@code kb} sees alive (its ownership health details); empty when unreachable. */
    static java.util.Set<String> liveKbInstances(ServiceProcess kb) {
        String body = body(kb.url() + "/actuator/health/details");
        java.util.Set<String> live = new java.util.TreeSet<>();
        if (!body.isEmpty()) {
            JSON.readTree(body).path("components").path("experiences").path("details").path("ownership")
                    .path("live_instances").forEach(id -> live.add(id.asString()));
        }
        return live;
    }

    /** Sum of a Prometheus counter's samples whose labels contain {@code labelFilter}. */
    public static double meter(ServiceProcess service, String name, String labelFilter) {
        return meterIn(body(service.url() + "/actuator/prometheus"), name, labelFilter);
    }

    /** As {@link #meter}, from a scrape already read. */
    static double meterIn(String scrape, String name, String labelFilter) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
                    && line.contains(labelFilter)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Heap in use right after a full GC (jcmd GC.run), in bytes; -1 when it cannot be measured. */
    public static long heapAfterGc(ServiceProcess service) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(service.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!gc.waitFor(20, TimeUnit.SECONDS)) {
                gc.destroyForcibly();
                return -1;
            }
            JsonNode used = JSON.readTree(body(service.url() + "/actuator/metrics/jvm.memory.used?tag=area:heap"));
            return (long) used.path("measurements").path(0).path("value").asDouble(-1);
        } catch (Exception e) {
            return -1;
        }
    }
}
