package io.gaia.kb.ownership;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Default instance ids: readable (the host name) and unique per start (a random suffix). */
final class InstanceIds {

    private InstanceIds() {
    }

    static String generate() {
        return host() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "kb";
        }
    }
}
