# RESET: a connection's server-side state back to what a new connection has,
# without closing it.

# The flags field of a client's CLIENT INFO line.
proc client_flags {client} {
    return [lindex [regexp -inline {flags=(\S+)} [$client client info]] 1]
}

start_server {} {
    test "RESET replies with the status RESET" {
        assert_equal {status RESET} [r typed reset]
    }

    test "RESET takes no arguments" {
        assert_error "ERR wrong number of arguments for 'reset' command" {r reset now}
    }

    test "RESET selects database 0 and switches back to RESP2" {
        set c [redis_client]
        $c select 3
        $c set where db3
        $c hello 3
        assert_equal {status RESET} [$c typed reset]
        assert_equal {nil {}} [$c typed get where]
        assert_equal 2 [dict get [$c hello] proto]
        assert_match "* db=0 *" [$c client info]
        $c close
    }

    test "RESET clears the connection name" {
        set c [redis_client]
        $c client setname pooled
        $c reset
        assert_equal {nil {}} [$c typed client getname]
        $c close
    }

    test "RESET discards an open MULTI and unwatches every key" {
        set c [redis_client]
        $c watch watched
        $c multi
        assert_equal QUEUED [$c set queued 1]
        assert_equal RESET [$c reset]
        assert_error "ERR EXEC without MULTI" {$c exec}
        assert_equal 0 [r exists queued]
        # The old WATCH is gone: a change to the key no longer fails EXEC.
        r set watched changed
        $c multi
        $c set queued 2
        assert_equal {OK} [$c exec]
        $c close
    }

    test "RESET leaves pub/sub: the connection runs any command again" {
        set c [redis_client]
        $c subscribe news
        $c psubscribe n*
        assert_equal RESET [$c reset]
        assert_equal OK [$c set after-reset 1]
        assert_equal 0 [r publish news hello]
        assert_equal 0 [r pubsub numpat]
        $c close
    }

    test "RESET ends MONITOR: the connection gets replies, not the traffic" {
        set c [redis_client]
        assert_equal OK [$c monitor]
        assert_equal RESET [$c reset]
        r set monitored 1
        assert_equal PONG [$c ping]
        assert_equal N [client_flags $c]
        $c close
    }

    test "RESET turns replies back on and NO-EVICT off" {
        set c [redis_client]
        $c client no-evict on
        $c deferred 1
        $c client reply off
        $c set silent 1
        $c reset
        $c deferred 0
        assert_equal RESET [$c read]
        assert_equal PONG [$c ping]
        assert_equal N [client_flags $c]
        $c close
    }
}

start_server {overrides {requirepass secret}} {
    test "RESET needs no AUTH and leaves the connection unauthenticated" {
        set c [redis_client]
        assert_equal {status RESET} [$c typed reset]
        assert_error "NOAUTH Authentication required." {$c get k}
        assert_equal OK [$c auth secret]
        assert_equal {} [$c get k]
        assert_equal RESET [$c reset]
        assert_error "NOAUTH Authentication required." {$c get k}
        $c close
    }
}
