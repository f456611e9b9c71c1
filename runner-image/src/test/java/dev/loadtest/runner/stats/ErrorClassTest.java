package dev.loadtest.runner.stats;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassTest {

    @Test
    void statusesFromFourHundredAreFailuresSplitIntoClientAndServerErrors() {
        assertThat(ErrorClass.ofStatus(200)).isNull();
        assertThat(ErrorClass.ofStatus(302)).isNull();
        assertThat(ErrorClass.ofStatus(400)).isEqualTo(ErrorClass.HTTP_4XX);
        assertThat(ErrorClass.ofStatus(499)).isEqualTo(ErrorClass.HTTP_4XX);
        assertThat(ErrorClass.ofStatus(500)).isEqualTo(ErrorClass.HTTP_5XX);
        assertThat(ErrorClass.ofStatus(503)).isEqualTo(ErrorClass.HTTP_5XX);
    }

    @Test
    void timeoutsOfEitherTransportAreTimeoutsEvenWhenWrapped() {
        assertThat(ErrorClass.of(new HttpTimeoutException("request timed out"))).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(ErrorClass.of(new HttpConnectTimeoutException("connect timed out"))).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(ErrorClass.of(new SocketTimeoutException("Read timed out"))).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(ErrorClass.of(new IOException("wrapped", new SocketTimeoutException()))).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(ErrorClass.of(new RuntimeException(new TimeoutException()))).isEqualTo(ErrorClass.TIMEOUT);
    }

    @Test
    void otherIoFailuresAreConnectionErrorsAndTheRestIsOther() {
        assertThat(ErrorClass.of(new ConnectException("Connection refused"))).isEqualTo(ErrorClass.CONNECTION);
        assertThat(ErrorClass.of(new UnknownHostException("nowhere"))).isEqualTo(ErrorClass.CONNECTION);
        assertThat(ErrorClass.of(new EOFException())).isEqualTo(ErrorClass.CONNECTION);
        assertThat(ErrorClass.of(new UncheckedIOException(new ConnectException()))).isEqualTo(ErrorClass.CONNECTION);
        assertThat(ErrorClass.of(new IllegalStateException("bad data"))).isEqualTo(ErrorClass.OTHER);
    }

    @Test
    void labelsAreTheDocumentedLowerCaseValues() {
        assertThat(ErrorClass.values()).extracting(ErrorClass::label)
                .containsExactly("http_4xx", "http_5xx", "connection", "timeout", "check", "other");
    }
}
