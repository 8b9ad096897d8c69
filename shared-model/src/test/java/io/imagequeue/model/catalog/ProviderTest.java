package io.imagequeue.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProviderTest {

    @Test
    void everyProviderRoundTripsThroughItsKey() {
        for (Provider provider : Provider.values()) {
            assertThat(Provider.fromKey(provider.key())).isSameAs(provider);
        }
    }

    @Test
    void ownersAreTheOrganisationsShownOnTheModelList() {
        assertThat(Provider.BFL.ownedBy()).isEqualTo("black-forest-labs");
        assertThat(Provider.GEMINI.ownedBy()).isEqualTo("google");
        assertThat(Provider.DASHSCOPE.ownedBy()).isEqualTo("alibaba");
        assertThat(Provider.STABILITY.ownedBy()).isEqualTo("stability-ai");
    }

    @Test
    void unknownKeyNamesTheKnownOnes() {
        assertThatThrownBy(() -> Provider.fromKey("replicate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openai, bfl");
    }
}
