package io.gaia.chat;

import io.gaia.testsupport.ServiceSmokeTest;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatServiceSmokeTest extends ServiceSmokeTest {
}
