/** Finding a TCP port nobody listens on, for throwaway servers. */
import { createServer } from 'node:net';

/** A port that was free on 127.0.0.1 a moment ago (the OS picks it; another process may still race for it). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the OS gave no port'))));
    });
  });
}
