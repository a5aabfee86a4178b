package io.gaia.session;

import io.gaia.testsupport.ServiceSmokeTest;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionServiceSmokeTest extends ServiceSmokeTest {
}
