package org.socketlab.lab.activity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.socketlab.lab.fixture.LabProcess;

/**
 * select(2) "allows a program to monitor multiple file descriptors [...] select() can monitor only file descriptors
 * numbers that are less than FD_SETSIZE (1024)" (select(2)). 1,100 clients: the select server serves those whose
 * descriptors fit, refuses the others in one line each, and goes on serving. {@code --model poll} serves all.
 */
final class Lab3SelectLimit extends Activity {
    private static final int CLIENTS = 1_100;

    Lab3SelectLimit() {
        super(4, "select's FD_SETSIZE", "1,100 clients of a select() server: how many are served?");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.requireOurServer("--model select");
        run.step("the select(2) server starts");
        LabProcess server = run.startServerModel("select", "--backlog", "2048");
        int port = run.port();

        run.step(CLIENTS + " clients connect, one after the other, and each sends one byte");
        List<Socket> clients = new ArrayList<>();
        try {
            int echoed = 0;
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    Socket s = new Socket();
                    clients.add(s);
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    s.setSoTimeout((int) ActivityRun.WAIT.toMillis());
                    s.getOutputStream().write('x');
                }
                for (Socket s : clients) {
                    echoed += echoedOne(s.getInputStream()) ? 1 : 0;
                }
            } catch (IOException e) {
                throw new AssertionError("the clients could not connect: " + e.getMessage(), e);
            }
            int served = echoed;
            run.observe("the clients whose descriptors fit below 1,024 are echoed, about a thousand", () -> {
                if (served < 900 || served >= 1024) {
                    throw new AssertionError(served + " of " + CLIENTS + " echoed");
                }
                return served + " of " + CLIENTS + " echoed";
            });
            run.observe("each of the others is refused in one line naming FD_SETSIZE", () -> {
                List<String> refused = server.stdoutLines().stream()
                        .filter(l -> l.contains(" refused: ") && l.contains("FD_SETSIZE (1024)"))
                        .toList();
                if (refused.size() != CLIENTS - served) {
                    throw new AssertionError(refused.size() + " refusals for " + (CLIENTS - served) + " unserved");
                }
                return refused.get(0);
            });
            run.observe("the server goes on: the first client is echoed again", () -> {
                OutputStream out = clients.get(0).getOutputStream();
                out.write('y');
                int b = clients.get(0).getInputStream().read();
                if (b != 'y') {
                    throw new AssertionError("got " + b);
                }
                return "'y' came back";
            });
        } finally {
            for (Socket s : clients) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing the lab's own client
                }
            }
        }
    }

    /** Whether the byte came back; a refused client reads EOF or a reset. */
    private static boolean echoedOne(InputStream in) throws IOException {
        try {
            return in.read() == 'x';
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return false; // reset: refused with its byte unread
        }
    }
}
