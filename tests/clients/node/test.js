'use strict';
// node-redis (@redis/client, v5) against a running server: connecting over
// RESP2 and RESP3 (the client's own HELLO 3 handshake), pipelines,
// transactions and pub/sub.
//
// Why node-redis: since v5 it speaks RESP3 (the RESP: 3 option); ioredis
// speaks only RESP2. Only its core, @redis/client, is installed (one
// dependency, cluster-key-slot), pinned to 5.10.0: the newest release that
// needs no peer dependencies and runs on Debian 12's Node 18.
//
// Run as `node test.js --host H --port P [--redis]` against a fresh server
// (--redis, said when the server is redis-server, changes nothing here).
// `--only PATTERN` (a glob: * ? [...], case-insensitive; may be given more
// than once) runs only the tests whose name matches one; `--list` prints the
// names of the tests that would run, one a line, and connects to no server.
// Prints one line per test, the format tests/run.tcl counts:
//
//     ok - <name>
//     ok - <name> # SKIP <why>
//     not ok - <name>: <reason>
//
// A test needing commands the server lacks is skipped with "<CMD> not
// available": the command table (COMMAND INFO) is read once at start-up.
// Tests are written to the behaviour of Redis 7.0, so they pass against
// redis-server 7.0.15 too. Exits 0 iff nothing failed.

const assert = require('node:assert/strict');
const { createClient } = require('@redis/client');

const MESSAGE_TIMEOUT_MS = 10000;
const OPTIONAL_COMMANDS = ['multi', 'exec', 'subscribe', 'psubscribe', 'unsubscribe',
  'punsubscribe', 'publish', 'auth'];

function parseArgs(argv) {
  const opts = { host: '127.0.0.1', port: 6379, only: [], list: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--host') opts.host = argv[++i];
    else if (argv[i] === '--port') opts.port = Number(argv[++i]);
    else if (argv[i] === '--only' && i + 1 < argv.length) opts.only.push(globRegExp(argv[++i]));
    else if (argv[i] === '--list') opts.list = true;
    else if (argv[i] !== '--redis') {
      throw new Error('usage: node test.js [--host H] [--port P] [--redis] [--only PATTERN]... '
        + `[--list] (got ${argv[i]})`);
    }
  }
  return opts;
}

// A glob (* any run of characters, ? one, [...] one of a set, [!...] or
// [^...] one not in it) as an anchored, case-insensitive RegExp.
function globRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    const close = ch === '[' ? glob.indexOf(']', i + 2) : -1;
    if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else if (close > 0) {
      let set = glob.slice(i + 1, close);
      const negated = set[0] === '!' || set[0] === '^';
      if (negated) set = set.slice(1);
      re += `[${negated ? '^' : ''}${set.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

function selected(name) {
  return opts.only.length === 0 || opts.only.some((re) => re.test(name));
}

const opts = parseArgs(process.argv.slice(2));
const clients = [];

// A connected client; RESP 3 makes it open with HELLO 3. Every client made
// here is closed at the end, even when a test fails half-way.
async function connect(extra = {}) {
  const client = createClient({
    socket: { host: opts.host, port: opts.port, reconnectStrategy: false },
    ...extra,
  });
  client.on('error', () => {}); // failures surface as rejected commands
  clients.push(client);
  await client.connect();
  return client;
}

// A listener for pub/sub messages: callback records the arguments of each
// call, next() resolves with the oldest unread ones (or fails after a while).
function nextCall() {
  const queue = [];
  const waiters = [];
  const callback = (...args) => {
    if (waiters.length) waiters.shift()(args);
    else queue.push(args);
  };
  const next = () => {
    if (queue.length) return Promise.resolve(queue.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no pub/sub message in time')),
        MESSAGE_TIMEOUT_MS);
      waiters.push((args) => { clearTimeout(timer); resolve(args); });
    });
  };
  return { callback, next };
}

// --- the tests -------------------------------------------------------------

async function testConnectResp2(c) {
  assert.equal(await c.ping(), 'PONG');
  assert.equal(await c.set('greeting', 'hello'), 'OK');
  assert.equal(await c.get('greeting'), 'hello');
  assert.equal(await c.get('missing'), null);
  assert.equal(await c.incrBy('counter', 5), 5);
  // RESP2 has no maps: CONFIG GET is a flat array of name, value.
  const config = await c.sendCommand(['CONFIG', 'GET', 'maxclients']);
  assert.ok(Array.isArray(config), `CONFIG GET over RESP2: ${JSON.stringify(config)}`);
  assert.equal(config.length, 2);
  assert.equal(config[0], 'maxclients');
}

async function testResp3Handshake() {
  const c = await connect({ RESP: 3 });
  // The client said HELLO 3 on connect; asking again shows the protocol.
  const hello = await c.sendCommand(['HELLO', '3']);
  assert.equal(hello.proto, 3);
  assert.equal(hello.server, 'redis');
  assert.equal(hello.version, '7.0.15');
  assert.equal(await c.set('k', 'v'), 'OK');
  assert.equal(await c.get('k'), 'v');
  assert.equal(await c.get('missing'), null);
  // A map reply arrives as a map, not as RESP2's flat array.
  const config = await c.sendCommand(['CONFIG', 'GET', 'maxclients']);
  assert.equal(Array.isArray(config), false, `CONFIG GET over RESP3: ${JSON.stringify(config)}`);
  assert.equal(typeof config.maxclients, 'string');
}

async function testRawHello3() {
  // A RESP2 client switching by hand (its own connection: the client itself
  // still believes it speaks RESP2). Its reply decoder reads RESP3 types, so
  // the HELLO map and later map replies arrive as objects.
  const c = await connect();
  const hello = await c.sendCommand(['HELLO', '3']);
  assert.equal(hello.proto, 3, `HELLO 3 reply ${JSON.stringify(hello)}`);
  assert.equal(hello.server, 'redis');
  const config = await c.sendCommand(['CONFIG', 'GET', 'maxclients']);
  assert.equal(Array.isArray(config), false, `CONFIG GET after HELLO 3: ${JSON.stringify(config)}`);
  const back = await c.sendCommand(['HELLO', '2']);
  assert.ok(Array.isArray(back), `HELLO 2 reply ${JSON.stringify(back)}`);
  assert.ok(Array.isArray(await c.sendCommand(['CONFIG', 'GET', 'maxclients'])));
}

async function testPipeline(c) {
  const replies = await c.multi()
    .set('p', '1')
    .incr('p')
    .get('p')
    .get('missing')
    .execAsPipeline();
  assert.deepEqual(replies, ['OK', 2, '2', null]);
}

async function testAutoPipelining(c) {
  // Commands issued without awaiting each one share the socket's writes.
  const sets = [];
  for (let i = 0; i < 500; i++) sets.push(c.set(`key:${i}`, String(i)));
  assert.ok((await Promise.all(sets)).every((r) => r === 'OK'));
  const gets = [];
  for (let i = 0; i < 500; i++) gets.push(c.get(`key:${i}`));
  assert.deepEqual(await Promise.all(gets), Array.from({ length: 500 }, (_, i) => String(i)));
}

async function testTransaction(c) {
  const replies = await c.multi().set('t', '1').incrBy('t', 10).get('t').exec();
  assert.deepEqual(replies, ['OK', 11, '11']);
}

async function testPubSub(c) {
  const sub = await connect();
  const channel = nextCall();
  const pattern = nextCall();
  await sub.subscribe('news', channel.callback);
  await sub.pSubscribe('sport.*', pattern.callback);
  assert.equal(await c.publish('news', 'hello'), 1);
  assert.deepEqual(await channel.next(), ['hello', 'news']);
  assert.equal(await c.publish('sport.tennis', 'ace'), 1);
  assert.deepEqual(await pattern.next(), ['ace', 'sport.tennis']);
  assert.equal(await c.publish('weather', 'rain'), 0);
  await sub.unsubscribe('news');
  await sub.pUnsubscribe('sport.*');
  assert.equal(await c.publish('news', 'nobody'), 0);
}

async function testResp3PubSubSameConnection(c) {
  // Over RESP3 messages are push replies, so one connection can subscribe
  // and still run ordinary commands.
  const sub = await connect({ RESP: 3 });
  const channel = nextCall();
  await sub.subscribe('chat', channel.callback);
  assert.equal(await sub.set('while-subscribed', 'yes'), 'OK');
  assert.equal(await sub.get('while-subscribed'), 'yes');
  assert.equal(await c.publish('chat', 'hi'), 1);
  assert.deepEqual(await channel.next(), ['hi', 'chat']);
  assert.equal(await sub.ping(), 'PONG');
}

async function testResp3Auth(c) {
  await c.configSet('requirepass', 's3cret');
  try {
    // With a password and RESP: 3 the client opens with HELLO 3 AUTH.
    const authed = await connect({ RESP: 3, password: 's3cret' });
    assert.equal(await authed.ping(), 'PONG');
    assert.equal((await authed.sendCommand(['HELLO'])).proto, 3);
    await assert.rejects(connect({ RESP: 3, password: 'wrong' }),
      { message: 'WRONGPASS invalid username-password pair or user is disabled.' });
    // Without a password, HELLO 3 itself is refused, and a RESP2 client's
    // first command.
    await assert.rejects(connect({ RESP: 3 }), {
      message: 'NOAUTH HELLO must be called with the client already authenticated, '
        + 'otherwise the HELLO AUTH <user> <pass> option can be used to authenticate '
        + 'the client and select the RESP protocol version at the same time',
    });
    const anonymous = await connect();
    await assert.rejects(anonymous.get('k'), { message: 'NOAUTH Authentication required.' });
  } finally {
    await c.configSet('requirepass', '');
  }
}

const TESTS = [
  ['connect, PING, SET, GET, INCRBY over RESP2', [], testConnectResp2],
  ['RESP: 3 connects with HELLO 3 and reads RESP3 maps', [], testResp3Handshake],
  ['raw HELLO 3 on a RESP2 client', [], testRawHello3],
  ['multi().execAsPipeline() pipelines without MULTI', [], testPipeline],
  ['500 SETs then 500 GETs issued at once are auto-pipelined', [], testAutoPipelining],
  ['multi().exec() runs MULTI/EXEC', ['multi', 'exec'], testTransaction],
  ['subscribe, pSubscribe, publish, unsubscribe',
    ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'publish'], testPubSub],
  ['RESP3 subscriber runs commands on the same connection',
    ['subscribe', 'publish'], testResp3PubSubSameConnection],
  ['RESP: 3 with a password connects with HELLO 3 AUTH', ['auth'], testResp3Auth],
];

async function availableCommands(c) {
  const infos = await c.sendCommand(['COMMAND', 'INFO', ...OPTIONAL_COMMANDS]);
  return new Set(OPTIONAL_COMMANDS.filter((name, i) => infos[i] !== null));
}

async function main() {
  const tests = TESTS.filter(([name]) => selected(name));
  if (opts.list) {
    for (const [name] of tests) console.log(name);
    return 0;
  }
  let failed = 0;
  const c = await connect();
  const available = await availableCommands(c);
  for (const [name, needs, fn] of tests) {
    const missing = needs.filter((cmd) => !available.has(cmd));
    if (missing.length) {
      console.log(`ok - ${name} # SKIP ${missing.join(', ').toUpperCase()} not available`);
      continue;
    }
    try {
      await c.flushAll();
      await fn(c);
      console.log(`ok - ${name}`);
    } catch (err) {
      failed++;
      console.log(`not ok - ${name}: ${String(err.message).split('\n').join(' ')}`);
    }
  }
  for (const client of clients) {
    if (client.isOpen) client.destroy();
  }
  return failed ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (err) => {
  console.log(`not ok - the test program failed: ${err.stack || err}`);
  for (const client of clients) {
    if (client.isOpen) client.destroy();
  }
  process.exitCode = 1;
});
