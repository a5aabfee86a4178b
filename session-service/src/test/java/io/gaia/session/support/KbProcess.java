package io.gaia.session.support;

import io.gaia.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The real kb-service as a process, serving the repository's experiences from a fresh state directory. */
public final class KbProcess {

    private KbProcess() {
    }

    public static ServiceProcess start(String natsUrl) throws Exception {
        Path experiences = ServiceProcess.repositoryRoot().resolve("experiences");
        Path state = Files.createTempDirectory("gaia-kb-state");
        return ServiceProcess.start("kb-service", Map.of(
                "gaia.nats.url", natsUrl,
                "gaia.kb.experiences-dir", experiences.toString(),
                "gaia.kb.state-dir", state.toString()));
    }
}
