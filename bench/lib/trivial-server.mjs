// A trivial loopback HTTP server for the client benchmark: reads the request
// body, answers 200 with a fixed JSON endpoint. Nothing else happens here, so
// what differs between two clients calling it is the clients' own cost.
// Started by bench/client.mjs (with lib/mock/watchdog.cjs preloaded, so it
// ends with its parent); prints its port, stops on SIGTERM.
import http from 'node:http';

const body = JSON.stringify({
  id: '67075301-69b2-4fc3-8a2c-c95a69a5665e',
  username: 'front-desk',
  caller_id: 'Front Desk',
  send_as: '+15551234567',
  ciphers: ['AES_256_CM_HMAC_SHA1_80'],
  codecs: ['OPUS', 'G722', 'PCMU', 'PCMA'],
  encryption: 'optional',
  call_handler: 'relay_context',
  call_relay_context: 'office',
  call_relay_context_status_callback_url: null,
});
const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, headers).end(body));
});
server.listen(0, '127.0.0.1', () => console.log(`trivial server at http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
