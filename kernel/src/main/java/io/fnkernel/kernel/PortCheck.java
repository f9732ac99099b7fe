package io.fnkernel.kernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Checks that the gateway's address can be bound before anything starts, to fail with one clear line. */
final class PortCheck {

    private PortCheck() {
    }

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
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(addr, port));
        } catch (IOException e) {
            throw new StartupException("port " + port + " on " + host + " is in use (" + e.getMessage()
                    + "): stop the other server or pass --port N");
        }
    }
}
