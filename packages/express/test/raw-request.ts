import { connect } from "node:net";

/**
 * Sends raw bytes (latin1) and returns the status code of the answer, so that header values can hold
 * any octet a client may send. Closes after one answer.
 * @param url - `http://127.0.0.1:port`
 * @param head - request line and header lines
 */
export function rawStatus(url: string, head: readonly string[]): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ status: Number(text.split(" ", 2)[1]), text });
    });
    socket.end(`${[...head, "Host: 127.0.0.1", "Connection: close"].join("\r\n")}\r\n\r\n`, "latin1");
  });
}
