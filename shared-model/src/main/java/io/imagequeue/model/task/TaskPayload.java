package io.imagequeue.model.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.model.webhook.WebhookRequest;
import java.util.List;

/**
 * What a task row stores as its request: the validated generation request, how the client wants
 * the images back, the object-store keys of uploaded input images (never their bytes), and the
 * webhook it asked for, if any.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskPayload(
        @JsonProperty("request") NormalizedRequest request,
        @JsonProperty("response_format") String responseFormat,
        @JsonProperty("input_image_keys") List<String> inputImageKeys,
        @JsonProperty("mask_key") String maskKey,
        @JsonProperty("webhook") WebhookRequest webhook) {

    public TaskPayload(NormalizedRequest request, String responseFormat, List<String> inputImageKeys, String maskKey) {
        this(request, responseFormat, inputImageKeys, maskKey, null);
    }

    public TaskPayload {
        inputImageKeys = inputImageKeys == null ? List.of() : List.copyOf(inputImageKeys);
    }

    public static TaskPayload of(NormalizedRequest request, String responseFormat) {
        return new TaskPayload(request, responseFormat, List.of(), null);
    }
}
