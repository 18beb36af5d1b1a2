import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** The start-up yardstick: the least a java.net server does before its waiting line. usage: java MinimalServer PORT */
public final class MinimalServer {
    public static void main(String[] args) throws IOException {
        try (ServerSocket listening = new ServerSocket(Integer.parseInt(args[0]))) {
            System.out.println("Waiting for incoming connections at port " + listening.getLocalPort());
            while (true) {
                try (Socket client = listening.accept()) {
                    client.getInputStream().transferTo(client.getOutputStream());
                }
            }
        }
    }
}
