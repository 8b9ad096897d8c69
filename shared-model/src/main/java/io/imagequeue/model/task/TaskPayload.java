package io.imagequeue.model.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.imagequeue.model.request.NormalizedRequest;
import java.util.List;

/**
 * What a task row stores as its request: the validated generation request, how the client wants
 * the images back, and the object-store keys of uploaded input images (never their bytes).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskPayload(
        @JsonProperty("request") NormalizedRequest request,
        @JsonProperty("response_format") String responseFormat,
        @JsonProperty("input_image_keys") List<String> inputImageKeys,
        @JsonProperty("mask_key") String maskKey) {

    public TaskPayload {
        inputImageKeys = inputImageKeys == null ? List.of() : List.copyOf(inputImageKeys);
    }

    public static TaskPayload of(NormalizedRequest request, String responseFormat) {
        return new TaskPayload(request, responseFormat, List.of(), null);
    }
}
