/**
 * A minimal HTTP/1.1 keep-alive client for load generation, as wrk or autocannon do it: a request is written as
 * one buffer, a response is framed by its Content-Length. Node's http.request cost 0.46 ms of CPU per call here
 * (twice what pg spends on the same page of rows), and the bench shares two cores with the server under test
 * and PostgreSQL: the figures should measure the server, not the client library.
 */
import net from 'node:net';

export interface HttpResponse {
  status: number;
  /** The raw header block, lower-cased. */
  headers: string;
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

class Connection {
  private readonly socket: net.Socket;
  private chunks: Buffer[] = [];
  private size = 0;
  private waiting?: { resolve(r: HttpResponse): void; reject(e: Error): void };

  constructor(
    host: string,
    port: number,
    private readonly onClose: (c: Connection) => void,
  ) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => {
      this.fail(new Error('connection closed'));
      this.onClose(this);
    });
  }

  send(request: string): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const data = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.size);
    const end = data.indexOf(HEADER_END);
    if (end < 0) return;
    const headers = data.toString('latin1', 0, end).toLowerCase();
    const length = Number(/\r\ncontent-length: *(\d+)/.exec(headers)?.[1] ?? NaN);
    if (Number.isNaN(length)) return this.fail(new Error('the bench client needs Content-Length responses'));
    if (data.length < end + 4 + length) {
      this.chunks = [data];
      return;
    }
    this.chunks = [];
    this.size = 0;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve({ status: Number(headers.slice(9, 12)), headers, body: data.toString('utf8', end + 4, end + 4 + length) });
  }

  private fail(e: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(e);
  }
}

export class HttpClient {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly host: string;
  private readonly port: number;

  constructor(url: string) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  async post(path: string, headers: Record<string, string>, body: string): Promise<HttpResponse> {
    const head = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    const request = `POST ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\n${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const connection = this.idle.pop() ?? this.open();
    const response = await connection.send(request);
    this.idle.push(connection);
    return response;
  }

  close(): void {
    for (const c of this.all) c.close();
  }

  private open(): Connection {
    const c = new Connection(this.host, this.port, (closed) => {
      this.all.delete(closed);
      const i = this.idle.indexOf(closed);
      if (i >= 0) this.idle.splice(i, 1);
    });
    this.all.add(c);
    return c;
  }
}
