package org.socketlab.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SockOptTest {

    @Test
    void namesAreTheSocketManualNamesInAnyCase() {
        assertThat(SockOpt.named("tcp_maxseg")).isEqualTo(SockOpt.TCP_MAXSEG);
        assertThat(SockOpt.named(" SO_REUSEADDR ")).isEqualTo(SockOpt.SO_REUSEADDR);
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> SockOpt.named("TCP_MSS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown socket option 'TCP_MSS'")
                .hasMessageContaining("TCP_MAXSEG")
                .hasMessageContaining("SO_LINGER")
                .hasMessageContaining("IP_TOS");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "1,true", "yes,true", "ON,true", "false,false", "0,false", "no,false", "off,false"})
    void booleansTakeTheUsualSpellings(String text, boolean expected) {
        assertThat(SockOpt.TCP_NODELAY.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "TCP_NODELAY,maybe,true or false",
        "IP_TOS,256,an integer from 0 to 255",
        "SO_LINGER,-2,an integer from -1 to 65535",
        "TCP_MAXSEG,abc,an integer from 88 to 32767 or 0",
        "SO_RCVBUF,0,an integer from 1 to",
        "TCP_KEEPCNT,99999999999999,an integer from 1 to 127"
    })
    void aBadValueStatesTheAllowedValues(String name, String value, String allowed) {
        assertThatThrownBy(() -> SockOpt.named(name).parse(value))
                .hasMessageContaining("bad value '" + value + "' for " + name)
                .hasMessageContaining(allowed);
    }

    @Test
    void tcpMaxsegBelowTheKernelMinimumPassesValidationSoThatTheKernelCanRefuseIt() {
        assertThat(SockOpt.TCP_MAXSEG.parse("87")).isEqualTo(87);
    }

    @Test
    void assignmentsParseNameAndValue() {
        assertThat(OptionAssignment.parse("TCP_MAXSEG=88")).isEqualTo(new OptionAssignment(SockOpt.TCP_MAXSEG, 88));
        assertThat(OptionAssignment.parse("so_keepalive=on").value()).isEqualTo(true);
    }

    @ParameterizedTest
    @CsvSource({"TCP_MAXSEG", "=88", "TCP_MAXSEG:88"})
    void aMalformedAssignmentSaysWhatIsExpected(String text) {
        assertThatThrownBy(() -> OptionAssignment.parse(text))
                .hasMessageContaining("malformed socket option")
                .hasMessageContaining("NAME=VALUE");
    }

    @Test
    void everyOptionHasATargetOnTheServerAndAllButTheBindOptionsOnTheClient() {
        for (SockOpt option : SockOpt.values()) {
            assertThat(option.targetOn(SockOpt.Side.SERVER)).as(option.name()).isPresent();
            assertThat(option.description()).as(option.name()).isNotBlank();
        }
        assertThat(List.of(SockOpt.values()))
                .filteredOn(o -> o.targetOn(SockOpt.Side.CLIENT).isEmpty())
                .containsExactly(SockOpt.SO_REUSEADDR, SockOpt.SO_REUSEPORT);
    }

    @ParameterizedTest
    @CsvSource(
            value = {"abc", "-1", "0", "65536", "''", "80.5"},
            emptyValue = "")
    void portsOutOfRangeOrNotNumbersAreRefusedWithOneLine(String text) {
        assertThatThrownBy(() -> Ports.parse(text))
                .hasMessageContaining("bad port '" + text + "'")
                .hasMessageContaining("1 to 65535");
    }
}
