package org.jams.command.pki;

import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * Pre-generated key pairs, so creating an account does not wait seconds for RSA-4096 generation.
 * A low-priority daemon thread keeps the pool full; an empty pool never blocks, the caller then
 * generates its own pair.
 */
public final class KeyPairPool implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KeyPairPool.class.getName());
    // Keeps a failing generator from spinning a core while it is broken.
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final BlockingQueue<KeyPair> ready;
    /** The pair each thread set aside for its coming take() (see {@link #reserve}). */
    private final ThreadLocal<KeyPair> reserved = new ThreadLocal<>();
    private final Supplier<KeyPair> generator;
    private Thread filler; // guarded by this
    private boolean closed; // guarded by this

    public KeyPairPool(int capacity, Supplier<KeyPair> generator) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ready = new ArrayBlockingQueue<>(capacity);
        this.generator = generator;
    }

    public synchronized void start() {
        if (closed || filler != null) {
            throw new IllegalStateException("A key pair pool can be started only once");
        }
        filler = new Thread(this::fill, "key-pair-pool-filler");
        filler.setDaemon(true); // never keeps the JVM alive
        filler.setPriority(Thread.MIN_PRIORITY); // request threads come first
        filler.start();
    }

    /** The pair this thread reserved, else a pre-generated one, else one generated now on the calling thread. */
    public KeyPair take() {
        KeyPair pair = reserved.get();
        if (pair != null) {
            reserved.remove();
            return pair;
        }
        pair = ready.poll();
        return pair != null ? pair : generator.get();
    }

    /**
     * Sets a pair aside for this thread's next take(): a pre-generated one, or one generated now when the pool is
     * empty. Called before a command that takes a pair, outside its transaction, on the thread that then handles the
     * command: a generation takes a second or more, and inside the command it would hold a database connection all
     * that time (with a drained pool, a burst of new people would hold them all). Concurrent callers each get a pair
     * of their own. A pair a caller did not take stays set aside for that thread's next take.
     */
    public void reserve() {
        if (reserved.get() == null) {
            KeyPair pair = ready.poll();
            reserved.set(pair != null ? pair : generator.get());
        }
    }

    public int available() {
        return ready.size();
    }

    /** Stops the filler; pairs already in the pool can still be taken. */
    @Override
    public synchronized void close() {
        closed = true;
        if (filler != null) {
            filler.interrupt();
        }
    }

    private void fill() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ready.put(generateOrPause());
            }
        } catch (InterruptedException stopped) {
            // close() interrupts the filler: ending the loop is the intended outcome.
        }
    }

    private KeyPair generateOrPause() throws InterruptedException {
        while (true) {
            try {
                return generator.get();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Key pair generation failed; retrying", e);
                Thread.sleep(RETRY_DELAY.toMillis());
            }
        }
    }
}
