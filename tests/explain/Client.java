// Client.java SCENARIOS CA OUTDIR — Java's JSSE against every lab scenario in one JVM
// (threads), writing the exception and its root cause as a stack trace would name them.
import java.io.*;
import java.net.*;
import java.nio.file.*;
import java.security.KeyStore;
import java.security.cert.*;
import java.util.*;
import javax.net.ssl.*;

public class Client {
	public static void main(String[] a) throws Exception {
		List<String> lines = Files.readAllLines(Paths.get(a[0]));
		KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
		ks.load(null, null);
		int i = 0;
		try (InputStream in = new FileInputStream(a[1])) {
			for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
				ks.setCertificateEntry("ca" + i++, c);
		}
		TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		tmf.init(ks);
		SSLContext ctx = SSLContext.getInstance("TLS");
		ctx.init(null, tmf.getTrustManagers(), null);
		Path out = Paths.get(a[2]);
		Files.createDirectories(out);
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16); // the lab serves 64 connections at once
		for (String l : lines) {
			String[] f = l.trim().split("\\s+");
			if (f.length < 4 || !f[3].equals("-"))
				continue;
			pool.submit(() -> one(ctx, f[0], f[1], Integer.parseInt(f[2]), out));
		}
		pool.shutdown();
		pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
	}

	static void one(SSLContext ctx, String name, String host, int port, Path out) {
		java.util.Timer watchdog = new java.util.Timer(true);
		java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
		try (Socket raw = new Socket()) {
			// a server that drips bytes resets every read timeout: 4 s for the whole handshake
			watchdog.schedule(new java.util.TimerTask() {
				public void run() {
					fired.set(true);
					try {
						raw.close();
					} catch (IOException x) {
					}
				}
			}, 4000);
			raw.connect(new InetSocketAddress("127.0.0.1", port), 3000);
			raw.setSoTimeout(3000);
			SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, true);
			SSLParameters p = s.getSSLParameters();
			p.setServerNames(List.of(new SNIHostName(host)));
			p.setEndpointIdentificationAlgorithm("HTTPS");
			s.setSSLParameters(p);
			s.startHandshake();
			s.close();
		} catch (Throwable e) {
			if (fired.get())
				return;	// our watchdog closed it: Java said nothing of its own
			StringBuilder b = new StringBuilder(e.toString()).append('\n');
			Throwable r = e;
			while (r.getCause() != null && r.getCause() != r)
				r = r.getCause();
			if (r != e)
				b.append("Caused by: ").append(r.toString()).append('\n');
			try {
				Files.writeString(out.resolve(name + ".txt"), b.toString());
			} catch (IOException x) {
				System.err.println(x);
			}
		} finally {
			watchdog.cancel();
		}
	}
}
