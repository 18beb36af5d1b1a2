package org.socketlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IPv6 addresses in the compressed form of RFC 5952, as ss and ip print them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AddressesTest {

    @ParameterizedTest
    @CsvSource({
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0000:0001:0000:0000:0000:0001, 2001:db8:0:1::1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:db8:1:2:3:4:0:5, 2001:db8:1:2:3:4:0:5",
        "127.0.0.1, 127.0.0.1",
    })
    void printsTheCompressedForm(String literal, String expected) throws UnknownHostException {
        assertThat(Addresses.text(InetAddress.getByName(literal))).isEqualTo(expected);
    }
}
