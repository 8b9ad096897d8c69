package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

/** New tenants, their credits and keys, made over the admin API as an operator makes them. */
final class Tenants {

    private final Http admin;

    Tenants(Stack stack) {
        this.admin = new Http(stack.apiUrl(), Stack.ADMIN_TOKEN);
    }

    /** A new tenant named {@code prefix} plus a random part, holding {@code credits}. */
    String create(String prefix, String credits) {
        String tenant = prefix + UUID.randomUUID().toString().substring(0, 12);
        assertThat(admin.post("/admin/tenants", "{\"id\": \"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(admin.post("/admin/tenants/" + tenant + "/credits", "{\"amount\": " + credits + "}").status())
                .isEqualTo(200);
        return tenant;
    }

    /** A new key of the tenant with the given key fields ({@code {}} for the defaults). */
    String key(String tenant, String fields) {
        Http.Answer created = admin.post("/admin/tenants/" + tenant + "/keys", fields);
        assertThat(created.status()).as("key answer %s", created.body()).isEqualTo(201);
        return created.body().get("key").asText();
    }

    /** The key of a new tenant: {@link #create} then {@link #key}. */
    String aNewTenantsKey(String prefix, String credits, String keyFields) {
        return key(create(prefix, credits), keyFields);
    }
}
