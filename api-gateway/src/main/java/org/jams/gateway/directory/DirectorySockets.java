package org.jams.gateway.directory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS sockets of ldaps:// connections that trust the CA given in the directory settings. JNDI takes a socket
 * factory only as a class name, whose static {@code getDefault()} it calls while it connects, on the connecting
 * thread: this class hands out the factory that thread was given through {@link #using}. JNDI still checks the
 * server's name against its certificate on these sockets.
 */
public final class DirectorySockets extends SocketFactory {

    private static final ThreadLocal<SSLSocketFactory> CURRENT = new ThreadLocal<>();

    private final SSLSocketFactory delegate;

    private DirectorySockets(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /** Called by JNDI by reflection. */
    public static SocketFactory getDefault() {
        SSLSocketFactory factory = CURRENT.get();
        if (factory == null) {
            throw new IllegalStateException("An ldaps:// connection was opened outside DirectorySockets.using");
        }
        return new DirectorySockets(factory);
    }

    /** Runs work whose new ldaps:// connections trust what {@code factory} trusts; null leaves the JVM's trust. */
    static <T> T using(SSLSocketFactory factory, Supplier<T> work) {
        if (factory == null) {
            return work.get();
        }
        SSLSocketFactory previous = CURRENT.get();
        CURRENT.set(factory);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    @Override
    public Socket createSocket() throws IOException {
        return delegate.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }
}
