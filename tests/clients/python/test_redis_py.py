#!/usr/bin/env python3
"""redis-py (Debian's python3-redis) against a running server.

Run as `test_redis_py.py --host H --port P [--redis]` against a fresh server
(--redis: the server is redis-server, which has no INFO eventloop section).
`--only PATTERN` (a glob: * ? [...], case-insensitive; may be given more than
once) runs only the tests whose name matches one; `--list` prints the names
of the tests that would run, one a line, and connects to no server.
Prints one line per test, the format tests/run.tcl counts:

    ok - <name>
    ok - <name> # SKIP <why>
    not ok - <name>: <reason>

A test needing commands the server lacks is skipped with "<cmd> not
available": the command table (COMMAND INFO) is read once at start-up. Tests
are written to the behaviour of Redis 7.0, so they pass against
redis-server 7.0.15 too. Exits 0 iff nothing failed.
"""

import argparse
import fnmatch
import sys

import redis

MESSAGE_TIMEOUT = 10.0  # seconds to wait for one pub/sub message


class Skip(Exception):
    """Raised inside a test to report it as skipped."""


class Suite:
    def __init__(self, host, port, is_redis):
        self.host = host
        self.port = port
        self.is_redis = is_redis
        self.failed = 0
        self.r = self.client()
        self.available = self.commands_available()

    def client(self, **kwargs):
        return redis.Redis(host=self.host, port=self.port, socket_timeout=60, **kwargs)

    def commands_available(self):
        names = ["multi", "exec", "discard", "watch", "scan", "subscribe",
                 "psubscribe", "unsubscribe", "punsubscribe", "publish", "auth"]
        # On the raw connection: redis-py's COMMAND reply parser cannot take
        # the nil entries of unknown commands.
        conn = self.r.connection_pool.get_connection("COMMAND")
        try:
            conn.send_command("COMMAND", "INFO", *names)
            infos = conn.read_response()
        finally:
            self.r.connection_pool.release(conn)
        return {name for name, info in zip(names, infos) if info}

    def run(self, name, needs, fn):
        missing = [cmd for cmd in needs if cmd not in self.available]
        if missing:
            print(f"ok - {name} # SKIP {', '.join(missing).upper()} not available")
            return
        self.r.flushall()
        try:
            fn()
        except Skip as why:
            print(f"ok - {name} # SKIP {why}")
        except Exception as err:  # any failure of the library or an assertion
            self.failed += 1
            print(f"not ok - {name}: {type(err).__name__}: {err}")
        else:
            print(f"ok - {name}")
        sys.stdout.flush()


def check_equal(expected, actual, what=""):
    if expected != actual:
        raise AssertionError(f"{what + ': ' if what else ''}expected {expected!r} got {actual!r}")


# --- plain commands and decoding ------------------------------------------


def test_bytes_by_default(s):
    r = s.r
    check_equal(True, r.set("greeting", "hello"))
    check_equal(b"hello", r.get("greeting"))
    check_equal(None, r.get("missing"))
    check_equal(5, r.incrby("counter", 5))
    check_equal([b"hello", None, b"5"], r.mget("greeting", "missing", "counter"))


def test_decode_responses(s):
    r = s.client(decode_responses=True)
    try:
        check_equal(True, r.set("clé", "välue ✓"))
        check_equal("välue ✓", r.get("clé"))
        check_equal(["välue ✓", None], r.mget("clé", "missing"))
        check_equal(len("välue ✓".encode()), len(s.r.get("clé".encode())))
        check_equal("ünï", r.echo("ünï"))
        check_equal("7.0.15", r.info("server")["redis_version"])
    finally:
        r.close()


def test_binary_values(s):
    value = bytes(range(256)) * 4
    check_equal(True, s.r.set(b"bin\x00key", value))
    check_equal(value, s.r.get(b"bin\x00key"))


def test_errors_raise(s):
    s.r.set("text", "abc")
    try:
        s.r.incr("text")
    except redis.ResponseError as err:
        check_equal("value is not an integer or out of range", str(err))
    else:
        raise AssertionError("INCR on a non-integer did not raise")


# --- pipelines -------------------------------------------------------------


def test_pipeline_without_transaction(s):
    p = s.r.pipeline(transaction=False)
    for i in range(100):
        p.set(f"key:{i}", i)
    p.incr("key:7").get("key:7").get("missing")
    replies = p.execute()
    check_equal([True] * 100 + [8, b"8", None], replies)
    check_equal(100, s.r.dbsize())


def test_pipeline_without_transaction_keeps_errors(s):
    s.r.set("text", "abc")
    p = s.r.pipeline(transaction=False)
    p.incr("text").set("after", 1).get("after")
    replies = p.execute(raise_on_error=False)
    check_equal(3, len(replies))
    if not isinstance(replies[0], redis.ResponseError):
        raise AssertionError(f"expected a ResponseError first, got {replies[0]!r}")
    check_equal([True, b"1"], replies[1:])


def test_pipeline_transaction(s):
    p = s.r.pipeline(transaction=True)
    p.set("t", 1).incr("t").incrby("t", 10).get("t")
    check_equal([True, 2, 12, b"12"], p.execute())


def test_pipeline_transaction_runtime_error(s):
    # An error at EXEC time fails one command; the others still run.
    s.r.set("text", "abc")
    p = s.r.pipeline(transaction=True)
    p.incr("text").set("t", "after")
    replies = p.execute(raise_on_error=False)
    if not isinstance(replies[0], redis.ResponseError):
        raise AssertionError(f"expected a ResponseError first, got {replies[0]!r}")
    check_equal("value is not an integer or out of range", str(replies[0]))
    check_equal(True, replies[1])
    check_equal(b"after", s.r.get("t"))


def test_pipeline_transaction_queueing_error(s):
    # A command refused while queued aborts the whole transaction.
    p = s.r.pipeline(transaction=True)
    p.set("t", "never").execute_command("SET", "only-key")
    try:
        p.execute()
    except redis.ResponseError as err:
        check_equal(True, "wrong number of arguments for 'set' command" in str(err),
                    f"error text {err}")
    else:
        raise AssertionError("a transaction with a wrong-arity command did not raise")
    check_equal(None, s.r.get("t"))


def test_watch_conflict(s):
    s.r.set("watched", 1)
    other = s.client()
    try:
        with s.r.pipeline(transaction=True) as p:
            p.watch("watched")
            check_equal(b"1", p.get("watched"))
            other.set("watched", 2)
            p.multi()
            p.set("watched", 3)
            try:
                p.execute()
            except redis.WatchError:
                pass
            else:
                raise AssertionError("EXEC after a watched key changed did not fail")
        check_equal(b"2", s.r.get("watched"))
    finally:
        other.close()


def test_watch_unchanged(s):
    s.r.set("watched", 1)
    with s.r.pipeline(transaction=True) as p:
        p.watch("watched")
        value = int(p.get("watched"))
        p.multi()
        p.set("watched", value + 1)
        check_equal([True], p.execute())
    check_equal(b"2", s.r.get("watched"))


# --- SCAN ------------------------------------------------------------------


def test_scan_iter_match_count(s):
    users = {f"user:{i}".encode() for i in range(150)}
    others = {f"other:{i}".encode() for i in range(50)}
    for key in users | others:
        s.r.set(key, 1)
    found = list(s.r.scan_iter(match="user:*", count=10))
    check_equal(users, set(found), "keys found by scan_iter(match='user:*', count=10)")
    check_equal(users | others, set(s.r.scan_iter(count=7)), "every key")


def test_scan_cursor(s):
    for i in range(30):
        s.r.set(f"k{i}", i)
    cursor, seen = 0, set()
    for _ in range(1000):
        cursor, keys = s.r.scan(cursor=cursor, count=5)
        seen.update(keys)
        if cursor == 0:
            break
    check_equal(0, cursor, "cursor after a full iteration")
    check_equal(30, len(seen))


def test_scan_iter_type(s):
    s.r.set("a", 1)
    s.r.set("b", 2)
    check_equal({b"a", b"b"}, set(s.r.scan_iter(_type="string")))
    check_equal(set(), set(s.r.scan_iter(_type="list")))


# --- pub/sub ---------------------------------------------------------------


def expect_message(p, expected):
    message = p.get_message(timeout=MESSAGE_TIMEOUT)
    check_equal(expected, message, "pub/sub message")


def test_pubsub(s):
    p = s.r.pubsub()
    try:
        p.subscribe("news")
        expect_message(p, {"type": "subscribe", "pattern": None, "channel": b"news", "data": 1})
        check_equal(1, s.r.publish("news", "hello"))
        expect_message(p, {"type": "message", "pattern": None, "channel": b"news",
                           "data": b"hello"})
        p.psubscribe("sport.*")
        expect_message(p, {"type": "psubscribe", "pattern": None, "channel": b"sport.*",
                           "data": 2})
        check_equal(1, s.r.publish("sport.tennis", "ace"))
        expect_message(p, {"type": "pmessage", "pattern": b"sport.*",
                           "channel": b"sport.tennis", "data": b"ace"})
        check_equal(0, s.r.publish("weather", "rain"))
        p.unsubscribe("news")
        expect_message(p, {"type": "unsubscribe", "pattern": None, "channel": b"news",
                           "data": 1})
        p.punsubscribe("sport.*")
        expect_message(p, {"type": "punsubscribe", "pattern": None, "channel": b"sport.*",
                           "data": 0})
        check_equal(0, s.r.publish("news", "nobody"))
        check_equal(None, p.get_message(timeout=0.05))
    finally:
        p.close()


def test_pubsub_two_subscribers_decoded(s):
    subscribers = [s.client(decode_responses=True).pubsub(ignore_subscribe_messages=True)
                   for _ in range(2)]
    try:
        for p in subscribers:
            p.subscribe("chat")
            # The confirmation is read (and dropped) so PUBLISH counts both.
            check_equal(None, p.get_message(timeout=MESSAGE_TIMEOUT))
            check_equal(True, p.subscribed)
        check_equal(2, s.r.publish("chat", "hi ✓"))
        for p in subscribers:
            message = p.get_message(timeout=MESSAGE_TIMEOUT)
            check_equal({"type": "message", "pattern": None, "channel": "chat",
                         "data": "hi ✓"}, message)
    finally:
        for p in subscribers:
            p.close()


# --- INFO ------------------------------------------------------------------


def test_info_sections(s):
    s.r.set("a", 1)
    s.r.set("b", 2, ex=100)
    info = s.r.info()
    check_equal("7.0.15", info["redis_version"])
    check_equal(int, type(info["connected_clients"]))
    check_equal(True, info["connected_clients"] >= 1)
    check_equal(int, type(info["used_memory"]))
    check_equal(2, info["db0"]["keys"])
    check_equal(1, info["db0"]["expires"])
    stats = s.r.info("stats")
    check_equal(True, stats["total_commands_processed"] > 0)
    check_equal(False, "redis_version" in stats, "INFO stats holds only its section")


def test_info_eventloop(s):
    if s.is_redis:
        raise Skip("eventloop is redis-mini's own INFO section")
    loop = s.r.info("eventloop")
    check_equal("epoll", loop["eventloop_backend"])
    check_equal(True, loop["eventloop_wakeups"] > 0)
    check_equal(float, type(loop["eventloop_events_per_wakeup"]))
    hist = loop["eventloop_events_per_wakeup_hist"]
    check_equal(["1", "2-3", "4-7", "8-15", "16-31", "32-63", "64+"], list(hist))
    check_equal(True, all(isinstance(v, int) for v in hist.values()))


# --- RESP3 and AUTH --------------------------------------------------------


def resp3_client(s, **kwargs):
    try:
        return s.client(protocol=3, **kwargs)
    except TypeError:
        raise Skip(f"redis-py {redis.__version__} has no RESP3 (protocol=3 came in 5.0)")


def test_resp3(s):
    r3 = resp3_client(s)
    try:
        hello = r3.execute_command("HELLO", "3")
        proto = hello.get("proto", hello.get(b"proto"))
        check_equal(3, proto, "HELLO 3 proto")
        check_equal(True, r3.set("k", "v"))
        check_equal(b"v", r3.get("k"))
        check_equal(None, r3.get("missing"))
        check_equal(2, r3.incrby("n", 2))
    finally:
        r3.close()


def test_auth(s):
    s.r.config_set("requirepass", "s3cret")
    try:
        anonymous = s.client()
        try:
            anonymous.ping()
        except redis.AuthenticationError as err:
            check_equal("Authentication required.", str(err))
        else:
            raise AssertionError("a command without AUTH was accepted")
        finally:
            anonymous.close()
        wrong = s.client(password="wrong")
        try:
            wrong.ping()
        except (redis.AuthenticationError, redis.ResponseError) as err:
            # redis-py 4.3 keeps the error code in the text, later ones drop it.
            check_equal(True, str(err).endswith(
                "invalid username-password pair or user is disabled."), f"error {err}")
        else:
            raise AssertionError("a wrong password was accepted")
        finally:
            wrong.close()
        right = s.client(password="s3cret")
        try:
            check_equal(True, right.ping())
        finally:
            right.close()
    finally:
        s.r.execute_command("AUTH", "s3cret")
        s.r.config_set("requirepass", "")


def test_resp3_auth(s):
    s.r.config_set("requirepass", "s3cret")
    try:
        # redis-py sends HELLO 3 AUTH default <password> on connect.
        r3 = resp3_client(s, password="s3cret")
        try:
            check_equal(True, r3.ping())
        finally:
            r3.close()
    finally:
        s.r.execute_command("AUTH", "s3cret")
        s.r.config_set("requirepass", "")


TESTS = [
    ("commands return bytes by default", (), test_bytes_by_default),
    ("decode_responses=True returns str", (), test_decode_responses),
    ("binary keys and values round-trip", (), test_binary_values),
    ("an error reply raises ResponseError", (), test_errors_raise),
    ("pipeline(transaction=False) of 103 commands",
     (), test_pipeline_without_transaction),
    ("pipeline(transaction=False) keeps going after an error",
     (), test_pipeline_without_transaction_keeps_errors),
    ("pipeline(transaction=True) runs MULTI/EXEC",
     ("multi", "exec"), test_pipeline_transaction),
    ("transaction with an error at EXEC runs the other commands",
     ("multi", "exec"), test_pipeline_transaction_runtime_error),
    ("transaction with a wrong-arity command is aborted",
     ("multi", "exec", "discard"), test_pipeline_transaction_queueing_error),
    ("WATCH then a change by another client makes EXEC fail",
     ("watch", "multi", "exec"), test_watch_conflict),
    ("WATCH without a change lets EXEC run",
     ("watch", "multi", "exec"), test_watch_unchanged),
    ("scan_iter with match and count finds every key",
     ("scan",), test_scan_iter_match_count),
    ("scan cursor iteration ends at 0", ("scan",), test_scan_cursor),
    ("scan_iter with _type", ("scan",), test_scan_iter_type),
    ("pubsub subscribe, publish, psubscribe, unsubscribe",
     ("subscribe", "psubscribe", "unsubscribe", "punsubscribe", "publish"), test_pubsub),
    ("two decoding subscribers both get a message",
     ("subscribe", "publish"), test_pubsub_two_subscribers_decoded),
    ("info() parses sections and keyspace", (), test_info_sections),
    ("info('eventloop') parses the eventloop section", (), test_info_eventloop),
    ("RESP3 connection (protocol=3)", (), test_resp3),
    ("requirepass, AUTH errors and password=", ("auth",), test_auth),
    ("RESP3 connection with a password (HELLO 3 AUTH)", ("auth",), test_resp3_auth),
]


def selected(name, patterns):
    """No pattern, or one that matches the name (a glob, ignoring case)."""
    return not patterns or any(fnmatch.fnmatchcase(name.lower(), p.lower()) for p in patterns)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6379)
    parser.add_argument("--redis", action="store_true",
                        help="the server is redis-server, not redis-mini")
    parser.add_argument("--only", action="append", default=[], metavar="PATTERN",
                        help="run only the tests whose name matches this glob")
    parser.add_argument("--list", action="store_true",
                        help="print the names of the tests that would run")
    args = parser.parse_args()
    tests = [t for t in TESTS if selected(t[0], args.only)]
    if args.list:
        for name, _, _ in tests:
            print(name)
        return 0
    print(f"# redis-py {redis.__version__}")
    suite = Suite(args.host, args.port, args.redis)
    for name, needs, fn in tests:
        suite.run(name, needs, lambda fn=fn: fn(suite))
    return 1 if suite.failed else 0


if __name__ == "__main__":
    sys.exit(main())
