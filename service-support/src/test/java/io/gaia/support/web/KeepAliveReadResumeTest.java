package io.gaia.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Three requests on one keep-alive connection, the second sent while the first is still being
 * answered and answered at once itself: every one of them gets its response.
 */
class KeepAliveReadResumeTest {

    @Test
    void aRequestQueuedBehindASlowOneAndAnsweredAtOnceDoesNotStallTheConnection() throws Exception {
        assertThat(answered(KeepAliveReadResume::install)).isEqualTo(3);
    }

    private static int answered(UnaryOperator<HttpServer> customize) throws Exception {
        HttpServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.sendString(request.uri().equals("/first")
                        ? Mono.delay(Duration.ofMillis(100)).thenReturn("ok") : Mono.just("ok")));
        DisposableServer running = customize.apply(server).bindNow(Duration.ofSeconds(5));
        try (Socket socket = new Socket("127.0.0.1", running.port())) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(get("/first"));
            out.flush();
            Thread.sleep(20); // the first is now in progress: the second gets queued
            out.write(get("/second"));
            out.flush();
            int answered = 0;
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            try {
                while (answered < 2) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    seen.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                    answered = count(seen, "HTTP/1.1 200");
                }
                out.write(get("/third"));
                out.flush();
                while (answered < 3) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    seen.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                    answered = count(seen, "HTTP/1.1 200");
                }
            } catch (SocketTimeoutException stalled) {
                // the connection stopped reading: what was answered so far is the result
            }
            return answered;
        } finally {
            running.disposeNow();
        }
    }

    private static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static int count(CharSequence text, String needle) {
        int count = 0;
        for (int at = text.toString().indexOf(needle); at >= 0; at = text.toString().indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
