package io.imagequeue.simulator.delivery;

import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.http.Router;
import io.imagequeue.simulator.http.SimRequest;
import io.imagequeue.simulator.http.SimResponse;
import io.imagequeue.simulator.render.ImageRenderer;
import io.imagequeue.simulator.render.RenderSpec;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Signed, expiring result URLs served by the simulator itself, standing in for BFL's delivery blobs, OpenAI's
 * DALL·E blob URLs, DashScope's OSS links and Ideogram's ephemeral links. The URL carries its expiry and an HMAC,
 * so an expired or tampered URL is refused with 403 exactly like a real signed URL; only the render recipe is
 * stored, and the image is re-rendered on download.
 */
public final class ResultUrls {

    /**
     * How one provider's URLs look and fail.
     *
     * @param provider       provider id, for the call log
     * @param pathPrefix     e.g. {@code /delivery}
     * @param expiryParam    query parameter carrying the expiry in epoch seconds ({@code se}, {@code Expires})
     * @param signatureParam query parameter carrying the HMAC ({@code sig}, {@code Signature})
     * @param deniedCode     the storage service's error code for an expired or badly signed URL
     */
    public record UrlStyle(String provider, String pathPrefix, String expiryParam, String signatureParam,
                           String deniedCode) {
    }

    private record Entry(String model, RenderSpec spec, long expiresAtMs) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final byte[] secret = new byte[32];
    private final String publicBaseUrl;
    private final ImageRenderer renderer;
    private final LongSupplier clock;

    public ResultUrls(String publicBaseUrl, ImageRenderer renderer, LongSupplier clock) {
        this.publicBaseUrl = publicBaseUrl;
        this.renderer = renderer;
        this.clock = clock;
        new SecureRandom().nextBytes(secret);
    }

    /** Registers the download route for a style; call once per style. */
    public void register(Router router, UrlStyle style) {
        router.add("GET", style.pathPrefix() + "/{file}", style.provider(), CallKind.DOWNLOAD,
                request -> serve(style, request));
    }

    /** A new URL for the rendered image, valid for {@code ttlSeconds} from now. */
    public String issue(UrlStyle style, String model, RenderSpec spec, long ttlSeconds) {
        long now = clock.getAsLong();
        // Rounded up to whole seconds so a URL never lives shorter than the configured lifetime.
        long expiresAtSeconds = (now + ttlSeconds * 1000 + 999) / 1000;
        String id = UUID.randomUUID().toString().replace("-", "");
        String path = style.pathPrefix() + "/" + id + "." + spec.format().extension();
        entries.put(id, new Entry(model, spec, expiresAtSeconds * 1000));
        if (issued.incrementAndGet() % 256 == 0) {
            entries.values().removeIf(e -> e.expiresAtMs() < now);
        }
        return publicBaseUrl + path + "?" + style.expiryParam() + "=" + expiresAtSeconds
                + "&" + style.signatureParam() + "=" + sign(path, expiresAtSeconds);
    }

    private SimResponse serve(UrlStyle style, SimRequest request) {
        String file = request.pathParam("file");
        int dot = file.lastIndexOf('.');
        String id = dot < 0 ? file : file.substring(0, dot);
        String expiry = request.query(style.expiryParam());
        String signature = request.query(style.signatureParam());
        if (expiry == null || signature == null || !expiry.matches("\\d{1,12}")) {
            request.recordFault("unsigned-url");
            return denied(style, "Signature fields not well formed.");
        }
        long expiresAtSeconds = Long.parseLong(expiry);
        String expected = sign(request.path(), expiresAtSeconds);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            request.recordFault("bad-signature");
            return denied(style, "Signature did not match.");
        }
        if (clock.getAsLong() >= expiresAtSeconds * 1000) {
            request.recordFault("expired-url");
            return denied(style, "Request has expired.");
        }
        Entry entry = entries.get(id);
        if (entry == null) {
            return SimResponse.text(404, "application/xml", xmlError("BlobNotFound", "The specified blob does not exist."));
        }
        request.recordModel(entry.model());
        return SimResponse.bytes(200, entry.spec().format().mimeType(), renderer.render(entry.spec()));
    }

    private static SimResponse denied(UrlStyle style, String message) {
        return SimResponse.text(403, "application/xml", xmlError(style.deniedCode(), message));
    }

    private static String xmlError(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>";
    }

    private String sign(String path, long expiresAtSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((path + "\n" + expiresAtSeconds).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
