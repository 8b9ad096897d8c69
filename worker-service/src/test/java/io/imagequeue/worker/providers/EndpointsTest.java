package io.imagequeue.worker.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.worker.providers.Endpoints.ApiRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointsTest {

    @ParameterizedTest(name = "{0} + {1} -> {3}")
    @CsvSource({
        // OpenAI SDKs: the base URL is the API root, version included; a bare host still works.
        "OPENAI, https://api.openai.com/v1, /images/generations, https://api.openai.com/v1/images/generations",
        "OPENAI, https://api.openai.com, /images/generations, https://api.openai.com/v1/images/generations",
        "OPENAI, http://sim:8080/v1/, /images/edits, http://sim:8080/v1/images/edits",
        "OPENAI, https://example.openai.azure.com/openai/v1, /images/generations, https://example.openai.azure.com/openai/v1/images/generations",
        "OPENAI, https://openrouter.ai/api/v1, /images/generations, https://openrouter.ai/api/v1/images/generations",
        "OPENAI, https://gateway.ai.cloudflare.com/v1/acct/gw/openai, /images/generations, https://gateway.ai.cloudflare.com/v1/acct/gw/openai/images/generations",
        "BFL, https://api.bfl.ai, /flux-2-pro, https://api.bfl.ai/v1/flux-2-pro",
        "BFL, https://api.bfl.ai/v1, /flux-2-pro, https://api.bfl.ai/v1/flux-2-pro",
        "DASHSCOPE, https://dashscope-intl.aliyuncs.com, /tasks/t1, https://dashscope-intl.aliyuncs.com/api/v1/tasks/t1",
        "DASHSCOPE, https://dashscope-intl.aliyuncs.com/api/v1, /tasks/t1, https://dashscope-intl.aliyuncs.com/api/v1/tasks/t1",
        // Google's clients take the host and add the version; one already written is not doubled.
        "GEMINI, https://generativelanguage.googleapis.com, /models/m:generateContent, https://generativelanguage.googleapis.com/v1beta/models/m:generateContent",
        "GEMINI, https://generativelanguage.googleapis.com/v1beta, /models/m:generateContent, https://generativelanguage.googleapis.com/v1beta/models/m:generateContent",
        "GEMINI, https://proxy.example/google, /models/m:generateContent, https://proxy.example/google/v1beta/models/m:generateContent",
        "STABILITY, https://api.stability.ai, /generation/e/text-to-image, https://api.stability.ai/v1/generation/e/text-to-image",
        "STABILITY, https://api.stability.ai/v1, /generation/e/text-to-image, https://api.stability.ai/v1/generation/e/text-to-image",
        "IDEOGRAM, https://api.ideogram.ai/, /generate, https://api.ideogram.ai/generate",
        "AUTOMATIC1111, http://127.0.0.1:7860, /txt2img, http://127.0.0.1:7860/sdapi/v1/txt2img",
        "AUTOMATIC1111, http://127.0.0.1:7860/sdapi/v1, /txt2img, http://127.0.0.1:7860/sdapi/v1/txt2img",
    })
    void baseUrlsAreReadAsTheProvidersOwnSdksReadThem(ApiRoot root, String baseUrl, String path, String expected) {
        assertThat(Endpoints.url(TestProviderSettings.pointingAt(baseUrl), root, path)).isEqualTo(expected);
    }

    @Test
    void aBaseUrlThatIsNotAUriIsUsedAsAHost() {
        assertThat(Endpoints.url(TestProviderSettings.pointingAt("http://bad host"), ApiRoot.OPENAI, "/images/edits"))
                .isEqualTo("http://bad host/v1/images/edits");
    }
}
