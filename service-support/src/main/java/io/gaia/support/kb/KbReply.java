package io.gaia.support.kb;

/** One whole answer from kb-service: its {@code Gaia-Status} and its body (reassembled when it came in parts). */
record KbReply(int status, byte[] body) {

    boolean ok() {
        return status >= 200 && status < 300;
    }
}
