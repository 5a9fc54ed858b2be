package org.jams.gateway.web;

/** The request body passed the configured limit while it was being read. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException() {
        super("request body too large", null, false, false);
    }
}
