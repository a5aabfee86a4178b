package io.gaia.kb;

import io.gaia.testsupport.ServiceSmokeTest;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gaia.kb.state-dir=target/smoke-test-state")
class KbServiceSmokeTest extends ServiceSmokeTest {
}
