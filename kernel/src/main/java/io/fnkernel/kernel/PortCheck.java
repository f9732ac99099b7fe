package io.fnkernel.kernel;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Checks that the gateway's address can be bound before anything starts, to fail with one clear line. */
final class PortCheck {

    private PortCheck() {
    }

    /**
     * Binds the address once and lets it go.
     *
     * @param host the address to bind
     * @param port the port, 0 for any (then only the address is checked)
     * @throws StartupException naming host:port when it cannot be bound
     */
    static void ensureFree(String host, int port) throws StartupException {
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new StartupException("--host " + host + " is not a known address");
        }
        if (port == 0) {
            return;
        }
        String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(addr, port));
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw new StartupException(where + " is already in use: stop the other server or pass --port N");
            }
            throw new StartupException("cannot listen on " + where + " (" + e.getMessage() + "): pass another --host or --port");
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + where + " (" + e.getMessage() + ")");
        }
    }
}
