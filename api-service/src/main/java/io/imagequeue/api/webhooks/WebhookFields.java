package io.imagequeue.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.model.error.ErrorType;
import io.imagequeue.model.net.Destinations;
import io.imagequeue.model.webhook.WebhookEvent;
import io.imagequeue.model.webhook.WebhookRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code webhook_url} and {@code webhook_events}, which every generation endpoint takes (the OpenAI
 * SDKs send them as extra body fields, in JSON and in multipart forms). Reading checks the form of
 * both; {@link #checkDestination} then checks where the URL leads, with the rules of
 * {@code image_url} fetching, and blocks on name resolution.
 */
@ApplicationScoped
public class WebhookFields {

    public static final String URL = "webhook_url";
    public static final String EVENTS = "webhook_events";
    /** The names every generation endpoint accepts besides its own. */
    public static final Set<String> NAMES = Set.of(URL, EVENTS);
    static final int MAX_URL_LENGTH = 2048;

    private final WebhookSettings settings;
    private final Destinations destinations;

    public WebhookFields(WebhookSettings settings) {
        this.settings = settings;
        this.destinations = new Destinations(Destinations.HostResolver.system(),
                settings.allowPrivateDestinations() ? Destinations.Policy.anywhere() : Destinations.Policy.publicInternet());
    }

    /** The webhook the body asks for, or null; a bad URL or event name is a 400 naming its field. */
    public WebhookRequest read(JsonBody body) {
        String url = body.string(URL);
        if (url == null) {
            if (body.has(EVENTS)) {
                throw ApiException.invalid(EVENTS, "missing_required_parameter",
                        "'webhook_events' needs a 'webhook_url' to send them to.");
            }
            return null;
        }
        if (settings.signingKey().isEmpty()) {
            throw new ApiException(ErrorType.UNAVAILABLE, "webhooks_not_configured", URL,
                    "Webhooks are not configured on this server (no signing key).");
        }
        uri(url);
        return new WebhookRequest(url.trim(), events(body.node(EVENTS)));
    }

    /** Refuses a URL whose host is, or resolves to, an address webhooks may not reach. Blocking. */
    public void checkDestination(WebhookRequest webhook) {
        try {
            destinations.check(uri(webhook.url()));
        } catch (Destinations.RefusedDestination e) {
            throw invalidUrl(switch (e.refusal()) {
                case CREDENTIALS -> "'webhook_url' must not carry credentials.";
                case NON_PUBLIC -> "'webhook_url' points at a private, loopback, link-local or otherwise non-public address.";
                case NO_HOST, MALFORMED_HOST -> "'webhook_url' has no usable host.";
                case INVALID_PORT -> "'webhook_url' has an invalid port.";
                case UNRESOLVABLE -> "The host of 'webhook_url' cannot be resolved.";
            });
        }
    }

    private static URI uri(String url) {
        if (url.isBlank() || url.length() > MAX_URL_LENGTH) {
            throw invalidUrl("'webhook_url' must be an absolute http or https URL of at most " + MAX_URL_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw invalidUrl("'webhook_url' is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getRawAuthority() == null) {
            throw invalidUrl("'webhook_url' must be an absolute http or https URL.");
        }
        if (uri.getRawFragment() != null) {
            throw invalidUrl("'webhook_url' must not have a fragment.");
        }
        return uri;
    }

    private static List<String> events(JsonNode given) {
        if (given == null) {
            return WebhookEvent.DEFAULT.stream().map(WebhookEvent::wire).toList();
        }
        List<String> texts = new ArrayList<>();
        if (given.isTextual()) {
            texts.add(given.textValue());
        } else if (given.isArray() && !given.isEmpty()) {
            for (JsonNode item : given) {
                if (!item.isTextual()) {
                    throw invalidEvents("'webhook_events' must be an array of event names.");
                }
                texts.add(item.textValue());
            }
        } else {
            throw invalidEvents("'webhook_events' must be a non-empty array of event names.");
        }
        // A multipart form may send the list as one comma-separated field.
        texts = texts.stream().flatMap(text -> Arrays.stream(text.split(","))).map(String::trim).toList();
        List<String> events = new ArrayList<>();
        for (WebhookEvent event : WebhookEvent.values()) {
            if (texts.contains(event.wire())) {
                events.add(event.wire());
            }
        }
        for (String text : texts) {
            if (WebhookEvent.fromWire(text).isEmpty()) {
                throw invalidEvents("Invalid webhook event '" + text + "'. Allowed values: started, succeeded, failed, canceled");
            }
        }
        return events;
    }

    private static ApiException invalidUrl(String message) {
        return ApiException.invalid(URL, "invalid_webhook_url", message);
    }

    private static ApiException invalidEvents(String message) {
        return ApiException.invalid(EVENTS, "invalid_value", message);
    }
}
