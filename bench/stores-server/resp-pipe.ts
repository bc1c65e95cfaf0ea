import net from "node:net";

function encode(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  return out;
}

/**
 * Sends commands over a raw socket in one stream, like `redis-cli --pipe`: far faster than one
 * client call per command for a bulk load. Every command must answer with a one-line reply
 * (integers, OK), which is what HSET, ZADD and UNLINK do.
 * @param url - the server, `redis://host:port`
 * @param commands - yields the commands to send
 * @returns how many commands were sent
 */
export async function pipeCommands(url: string, commands: Iterable<readonly string[]>): Promise<number> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port || 6379), hostname);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let sent = 0;
  let answered = 0;
  let failed = "";
  const done = new Promise<void>((resolve, reject) => {
    socket.on("data", (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) answered++;
      if (chunk[0] === 45 && failed === "") failed = chunk.toString("utf8", 0, 200); // "-ERR…"
      if (ended && answered >= sent) resolve();
    });
    socket.once("error", reject);
  });
  let ended = false;
  let buffer = "";
  for (const command of commands) {
    buffer += encode(command);
    sent++;
    if (buffer.length > 1 << 20) {
      if (!socket.write(buffer)) await new Promise((resolve) => socket.once("drain", resolve));
      buffer = "";
    }
  }
  socket.write(buffer);
  ended = true;
  if (answered < sent) await done;
  socket.destroy();
  if (failed !== "") throw new Error(`bulk load failed: ${failed}`);
  return sent;
}
