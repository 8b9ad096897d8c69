package io.imagequeue.system;

import java.util.List;
import java.util.Random;

/**
 * Random request bodies for the generation endpoints: broken JSON, wrong types, huge and odd
 * values, unknown fields, and near-valid bodies with one field off. Deterministic per seed.
 */
final class BodyFuzzer {

    private static final List<String> FIELDS = List.of("prompt", "model", "n", "size", "quality", "width", "height",
            "aspect_ratio", "image_size", "response_format", "output_format", "output_compression", "style",
            "background", "seed", "steps", "cfg_scale", "negative_prompt", "safety_tolerance", "input_image",
            "images", "image", "mask", "async", "priority", "guidance_scale", "num_inference_steps", "bogus");
    private static final List<String> VALUES = List.of("null", "true", "false", "0", "-1", "1", "4", "11",
            "2147483648", "-9223372036854775809", "1e309", "3.5", "NaN", "\"\"", "\"auto\"", "\"1024x1024\"",
            "\"99999x99999\"", "\"16:9\"", "\"0:0\"", "\"hd\"", "\"b64_json\"", "\"webp\"", "\"batch\"", "[]", "{}",
            "[1, 2]", "[{\"image_url\": \"http://127.0.0.1/x.png\"}]", "[{\"image_url\": \"data:image/png;base64,AAAA\"}]",
            "\"data:image/png;base64,!!!\"", "\"iVBORw0KGgo=\"", "\"\\u0000\"", "\"a lighthouse\"",
            "\"" + "x".repeat(40_000) + "\"", "\"dall-e-3\"", "\"no-such-model\"", "\"black-forest-labs/FLUX-2-pro\"");
    private static final List<String> BROKEN = List.of("", "{", "[]", "null", "\"text\"", "{\"prompt\": }",
            "{\"prompt\": \"a\",}", "{'prompt': 'a'}", "{\"prompt\": \"a\"} trailing", "\u0000\u0001", "{\"a\":" .repeat(200));

    private BodyFuzzer() {
    }

    static String body(Random random) {
        if (random.nextInt(8) == 0) {
            return BROKEN.get(random.nextInt(BROKEN.size()));
        }
        StringBuilder body = new StringBuilder("{");
        if (random.nextInt(4) != 0) {
            body.append("\"prompt\": \"fuzz\"");
        }
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            if (body.length() > 1) {
                body.append(", ");
            }
            body.append('"').append(FIELDS.get(random.nextInt(FIELDS.size()))).append("\": ")
                    .append(VALUES.get(random.nextInt(VALUES.size())));
        }
        return body.append('}').toString();
    }
}
