package io.imagequeue.worker.providers;

import io.imagequeue.model.catalog.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;

/** Finds the adapter of a provider. */
@ApplicationScoped
public class ProviderRegistry {

    private final Map<Provider, ImageProvider> adapters = new EnumMap<>(Provider.class);

    public ProviderRegistry(Instance<ImageProvider> all) {
        for (ImageProvider adapter : all) {
            adapters.put(adapter.provider(), adapter);
        }
    }

    public ImageProvider forProvider(Provider provider) {
        ImageProvider adapter = adapters.get(provider);
        if (adapter == null) {
            throw ProviderFailure.permanent("provider_not_supported", "No adapter for provider " + provider.key());
        }
        return adapter;
    }
}
