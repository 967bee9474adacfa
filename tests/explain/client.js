// client.js SCENARIOS CA OUTDIR — Node's tls module against every lab scenario at once,
// writing what an unhandled error would print (message and code).
'use strict';
const fs = require('fs'), tls = require('tls'), path = require('path');
const [scen, caFile, out] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
const ca = fs.readFileSync(caFile);
const jobs = fs.readFileSync(scen, 'utf8').split('\n').map((l) => l.split(/\s+/)).filter((f) => f[0] && f[3] === '-');
let running = 0;
// the lab serves 64 connections at once: six at a time
function next() {
  while (running < 6 && jobs.length) {
    running++;
    one(...jobs.shift(), () => { running--; next(); });
  }
}
next();
function one(name, host, port, via, finished) {
  let done = false;
  const fin = () => { if (!done) { done = true; finished(); } };
  const fail = (err) => {
    if (done) return;
    let msg = `${err.name || 'Error'}: ${err.message}`;
    if (err.code) msg += `\n  code: '${err.code}'`;
    fs.writeFileSync(path.join(out, name + '.txt'), msg + '\n');
    fin();
    s.destroy();
  };
  // read before writing (see client.py); silence for half a second is success
  const s = tls.connect({ host: '127.0.0.1', port: +port, servername: host, ca, timeout: 3000 }, () => {
    setTimeout(() => { fin(); s.destroy(); }, 500);
  });
  s.on('data', () => { fin(); s.destroy(); });
  s.on('close', () => fin());
  s.on('error', fail);
  s.on('timeout', () => fail(Object.assign(new Error('timeout after 3000 ms waiting for the TLS handshake'), { code: 'ETIMEDOUT' })));
  s.on('end', () => { if (!s.authorized && !done) fail(new Error('Client network socket disconnected before secure TLS connection was established')); });
}
