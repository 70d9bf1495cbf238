package io.github.threadpool.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request body is at most {@link #MAX_BODY_BYTES}; a larger one is refused with 413 before it is read.
 * A declared {@code Content-Length} above the bound is refused at once, without reading a byte of the body;
 * a body of unknown length (chunked) is counted as it is read and refused at the first byte past the bound
 * (see {@link TooLargeException}, which {@link ApiErrors} turns into 413). Either way at most the bound is
 * ever read into memory, and Tomcat closes the connection rather than drain a large remainder.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

    /** The largest request body accepted: the sample's bodies are a few hundred bytes. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            response.sendError(HttpStatus.CONTENT_TOO_LARGE.value(), TooLargeException.detail(declared + " bytes"));
            return;
        }
        chain.doFilter((declared >= 0) ? request : new Counted(request), response);
    }

    /** A body that grew past the bound while it was read. */
    static final class TooLargeException extends IOException {

        TooLargeException() {
            super(detail("more than " + MAX_BODY_BYTES + " bytes"));
        }

        static String detail(String size) {
            return "The request body is " + size + "; this API accepts at most " + MAX_BODY_BYTES + " bytes";
        }

    }

    /** A request of unknown length whose body stream fails once more than the bound has been read. */
    private static final class Counted extends HttpServletRequestWrapper {

        private ServletInputStream body;

        Counted(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (this.body == null) {
                this.body = new CountingStream(super.getInputStream());
            }
            return this.body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

    }

    /** Counts what is read; only one request thread reads a body, so a plain field suffices. */
    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;

        private long read;

        CountingStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = this.in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = this.in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLargeException {
            this.read += n;
            if (this.read > MAX_BODY_BYTES) {
                throw new TooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return this.in.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.in.setReadListener(listener);
        }

    }

}
