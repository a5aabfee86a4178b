package io.gaia.reliability.hostile;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made JWTs, signed (or not) exactly as an attacker would: no library in between that might
 * refuse to build a weak or odd token.
 */
final class Jwts2 {

    static final KeyPair RSA = rsa();

    private Jwts2() {
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A standard claims set for {@code user} with audience {@code aud}, valid from/until the given offsets (seconds). */
    static String claims(String userJson, String aud, long nbfOffset, long expOffset) {
        long now = Instant.now().getEpochSecond();
        return "{" + userJson + (aud == null ? "" : ",\"aud\":\"" + aud + "\"") + ",\"iat\":" + (now - 60)
                + ",\"nbf\":" + (now + nbfOffset) + ",\"exp\":" + (now + expOffset) + "}";
    }

    static String user(String id) {
        return "\"sub\":" + quote(id) + ",\"user_id\":" + quote(id);
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static String hmac(String alg, byte[] secret, String header, String payload) {
        String javaAlg = switch (alg) {
            case "HS256" -> "HmacSHA256";
            case "HS384" -> "HmacSHA384";
            default -> "HmacSHA512";
        };
        String signingInput = b64(header) + "." + b64(payload);
        try {
            Mac mac = Mac.getInstance(javaAlg);
            mac.init(new SecretKeySpec(secret, javaAlg));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(byte[] secret, String payload) {
        return hmac("HS256", secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload);
    }

    static String rs256(String payload) {
        String signingInput = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(payload);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(RSA.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String none(String payload) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload) + ".";
    }

    /** The public key as the PEM text an attacker would find and use as an HMAC secret. */
    static byte[] publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(RSA.getPublic().getEncoded());
        return ("-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
