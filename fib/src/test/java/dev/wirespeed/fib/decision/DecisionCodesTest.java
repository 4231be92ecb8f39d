package dev.wirespeed.fib.decision;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionCodesTest
{
    @Test
    void shouldRejectADuplicateIdANameTwiceAGapAndANameNotKebabCase()
    {
        assertThatThrownBy(() -> Descriptor.names(new Descriptor[] {
            new Descriptor(0, "none", Disposition.DROPPED), new Descriptor(0, "other", Disposition.DROPPED)}))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("duplicate code 0");
        assertThatThrownBy(() -> Descriptor.names(new Descriptor[] {
            new Descriptor(0, "same", Disposition.DROPPED), new Descriptor(1, "same", Disposition.DROPPED)}))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("duplicate code name");
        assertThatThrownBy(() -> Descriptor.names(new Descriptor[] {new Descriptor(2, "gap", Disposition.DROPPED)}))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> Descriptor.names(
            new Descriptor[] {new Descriptor(0, "No_Route", Disposition.DROPPED)}))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("kebab-case");
    }

    @Test
    void shouldNameEveryCodeOnceWithItsDisposition()
    {
        assertThat(Actions.name(Actions.ROUTE)).isEqualTo("route");
        assertThat(Actions.code("redirect")).isEqualTo(Actions.REDIRECT);
        assertThat(Actions.disposition(Actions.ABORT)).isEqualTo(Disposition.ANSWERED);
        assertThat(Actions.disposition(Actions.NONE)).isEqualTo(Disposition.DROPPED);
        assertThat(Reasons.name(Reasons.NO_ROUTE)).isEqualTo("no-route");
        assertThat(Reasons.code("local-address")).isEqualTo(Reasons.LOCAL_ADDRESS);
        assertThat(Reasons.disposition(Reasons.ARP)).isEqualTo(Disposition.PUNTED);
        assertThat(Reasons.disposition(Reasons.TTL_EXPIRED)).isEqualTo(Disposition.DROPPED);
        assertThat(Reasons.names()).doesNotHaveDuplicates().hasSize(Reasons.COUNT);
        assertThat(Reasons.name(Reasons.COUNT)).isNull();
    }
}
