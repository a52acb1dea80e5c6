# Client limits and misbehaving clients: maxclients, timeout,
# client-query-buffer-limit, proto-max-bulk-len set at run time, clients that
# vanish mid-command, and 10,000 connected clients.

# Opens a client and makes sure the server has accepted it.
proc limits_connect {} {
    set c [redis_client]
    assert_equal PONG [$c ping]
    return $c
}

proc limits_wait_clients {n} {
    wait_for_condition 200 50 {[info_field r clients connected_clients] == $n} else {
        fail "connected_clients is [info_field r clients connected_clients], expected $n"
    }
}

start_server {overrides {maxclients 5}} {
    test "A connection past maxclients gets an error and is closed" {
        set clients {}
        for {set i 0} {$i < 4} {incr i} {
            lappend clients [limits_connect]
        }
        assert_equal 5 [info_field r clients connected_clients]
        set extra [redis_client]
        assert_equal {error {ERR max number of clients reached}} [$extra read_typed]
        assert_closed $extra
        $extra close
        foreach c $clients {
            $c close
        }
        limits_wait_clients 1
    }

    test "A rejected connection counts in rejected_connections" {
        set before [info_field r stats rejected_connections]
        set clients {}
        for {set i 0} {$i < 4} {incr i} {
            lappend clients [limits_connect]
        }
        set extra [redis_client]
        assert_equal {error {ERR max number of clients reached}} [$extra read_typed]
        $extra close
        assert_equal [expr {$before + 1}] [info_field r stats rejected_connections]
        foreach c $clients {
            $c close
        }
        limits_wait_clients 1
    }

    test "A slot freed by a closed client can be used again" {
        set clients {}
        for {set i 0} {$i < 4} {incr i} {
            lappend clients [limits_connect]
        }
        [lindex $clients 0] close
        limits_wait_clients 4
        set c [redis_client]
        assert_equal PONG [$c ping]
        $c close
        foreach c [lrange $clients 1 end] {
            $c close
        }
        limits_wait_clients 1
    }

    test "Lowering maxclients with CONFIG SET applies to new connections" {
        r config set maxclients 2
        set c [limits_connect]
        set extra [redis_client]
        assert_equal {error {ERR max number of clients reached}} [$extra read_typed]
        $extra close
        $c close
        r config set maxclients 5
        limits_wait_clients 1
    }
}

start_server {overrides {timeout 1}} {
    test "An idle client is closed after timeout seconds" {
        set c [limits_connect]
        assert_closed $c 10000
        $c close
    }

    test "An idle client closed by timeout does not affect a new one" {
        set c [limits_connect]
        assert_equal PONG [$c ping]
        $c close
    }
}

start_server {overrides {timeout 0}} {
    test "CONFIG SET timeout applies to connected idle clients" {
        set c [limits_connect]
        r config set timeout 1
        assert_closed $c 10000
        $c close
        reconnect
        r config set timeout 0
        assert_equal PONG [r ping]
    }
}

start_server {overrides {timeout 0}} {
    test "timeout closes an idle client even while it has output the server could not send" {
        r set big [string repeat x [expr {1024 * 1024}]]
        set c [redis_client]
        try {
            set id [$c client id]
            # 50 MB of replies, never read: the socket buffers fill and the
            # rest stays queued in the server.
            set req {}
            for {set i 0} {$i < 50} {incr i} {
                append req "*2\r\n\$3\r\nGET\r\n\$3\r\nbig\r\n"
            }
            $c write_raw $req
            r config set timeout 1
            wait_for_condition 100 100 {
                ![string match "*id=$id *" [r client list]]
            } else {
                fail "the idle client with unsent output is still connected after 10s"
            }
            limits_wait_clients 1
        } finally {
            $c close
            r config set timeout 0
        }
    }
}

start_server {overrides {client-query-buffer-limit 1mb}} {
    test "A client whose query buffer passes client-query-buffer-limit is closed" {
        set c [redis_client]
        set id [$c client id]
        # A 4 MB bulk announced, then 2 MB of it: the query buffer passes the
        # 1 MB limit with the command still incomplete. The server closes the
        # connection while the rest is on its way, so a write may fail
        # (broken pipe, connection reset): that is the close expected, which
        # the checks after it prove, and why it happened.
        $c write_raw "*3\r\n\$3\r\nSET\r\n\$3\r\nbig\r\n\$4000000\r\n"
        $c write_raw_may_close [string repeat x [expr {2 * 1024 * 1024}]]
        assert_closed $c 10000
        $c close
        assert_match "*Closing client that reached max query buffer length: id=$id *" \
            [read_file [srv log]]
        set other [redis_client]
        assert_equal PONG [$other ping]
        $other close
        assert_equal 0 [r exists big]
    }

    test "Other clients are unaffected by a client closed for its query buffer" {
        assert_equal PONG [r ping]
        limits_wait_clients 1
    }

    test "A pipeline of small commands is not limited by client-query-buffer-limit" {
        set req {}
        for {set i 0} {$i < 40000} {incr i} {
            append req "*3\r\n\$3\r\nSET\r\n\$[string length k$i]\r\nk$i\r\n\$2\r\nxx\r\n"
        }
        assert {[string length $req] > 1024 * 1024}
        set c [redis_client]
        $c write_raw $req
        for {set i 0} {$i < 40000} {incr i} {
            assert_equal {status OK} [$c read_typed]
        }
        $c close
        assert_equal 40000 [r dbsize]
        r flushall
    }
}

start_server {} {
    test "A bulk length over a lowered proto-max-bulk-len is a protocol error" {
        r config set proto-max-bulk-len 2mb
        set c [redis_client]
        $c write_raw "*3\r\n\$3\r\nSET\r\n\$1\r\nk\r\n\$[expr {2 * 1024 * 1024 + 1}]\r\n"
        assert_equal {error {ERR Protocol error: invalid bulk length}} [$c read_typed]
        assert_closed $c
        $c close
    }

    test "A bulk of exactly proto-max-bulk-len is accepted" {
        set value [string repeat v [expr {2 * 1024 * 1024}]]
        assert_equal OK [r set k $value]
        assert_equal [string length $value] [string length [r get k]]
        r config set proto-max-bulk-len 512mb
        r del k
    }

    test "A client that disconnects in the middle of a bulk leaves the server healthy" {
        set c [redis_client]
        $c write_raw "*3\r\n\$3\r\nSET\r\n\$4\r\nhalf\r\n\$100\r\nonly part of it"
        $c close
        assert_equal PONG [r ping]
        assert_equal 0 [r exists half]
        limits_wait_clients 1
    }

    test "A client that disconnects in the middle of a big bulk leaves the server healthy" {
        set c [redis_client]
        $c write_raw "*3\r\n\$3\r\nSET\r\n\$4\r\nhalf\r\n\$10000000\r\n"
        $c write_raw [string repeat x 5000000]
        $c close
        limits_wait_clients 1
        assert_equal 0 [r exists half]
    }

    test "A client that disconnects in the middle of the multibulk header leaves the server healthy" {
        foreach partial [list "*3\r\n\$3\r\nSET\r\n" "*3\r\n\$3" "*3" "SET inline-half"] {
            set c [redis_client]
            $c write_raw $partial
            $c close
        }
        limits_wait_clients 1
        assert_equal PONG [r ping]
        assert_equal 0 [r dbsize]
    }

    test "A client that disconnects before reading a big reply leaves the server healthy" {
        r set bigreply [string repeat x [expr {20 * 1024 * 1024}]]
        for {set i 0} {$i < 5} {incr i} {
            set c [redis_client]
            $c write_raw "*2\r\n\$3\r\nGET\r\n\$8\r\nbigreply\r\n"
            $c close
        }
        limits_wait_clients 1
        assert_equal PONG [r ping]
        assert_equal [expr {20 * 1024 * 1024}] [string length [r get bigreply]]
        r del bigreply
    }

    test "The argument array of a command with 200,000 arguments is freed once it has run" {
        set c [redis_client]
        try {
            assert_equal PONG [$c ping]
            set before [info_field r memory used_memory]
            set req "*200001\r\n\$6\r\nEXISTS\r\n"
            append req [string repeat "\$1\r\nk\r\n" 200000]
            $c write_raw $req
            assert_equal {int 0} [$c read_typed]
            # The client stays connected: what its last command left behind
            # must not stay with it.
            wait_for_condition 50 100 {
                [info_field r memory used_memory] - $before < 2 * 1024 * 1024
            } else {
                fail "used_memory [info_field r memory used_memory], was $before before the command"
            }
            assert_equal PONG [$c ping]
        } finally {
            $c close
        }
    }

    test "A client that sends a command and closes at once leaves the server healthy" {
        for {set i 0} {$i < 50} {incr i} {
            set c [redis_client]
            $c write_raw "*3\r\n\$3\r\nSET\r\n\$4\r\ngone\r\n\$[string length $i]\r\n$i\r\n"
            $c close
        }
        limits_wait_clients 1
        assert_equal PONG [r ping]
    }
}

start_server {overrides {maxclients 10100} tags {large-clients}} {
    test "10,000 clients can be connected at the same time" {
        set limit [open_files_limit]
        if {$limit ne "unlimited" && $limit < 10100} {
            skip "ulimit -n is $limit, 10,000 clients need at least 10100"
        }
        set socks {}
        try {
            # tcl binds a client socket before connecting; spreading the
            # clients over four loopback source addresses gives each its own
            # port range, whatever other programs hold on 127.0.0.1.
            for {set i 0} {$i < 10000} {incr i} {
                set from 127.0.0.[expr {2 + $i % 4}]
                lappend socks [socket -myaddr $from 127.0.0.1 [srv port]]
            }
            wait_for_condition 200 50 {[info_field r clients connected_clients] == 10001} else {
                fail "connected_clients is [info_field r clients connected_clients]"
            }
            # The last connection can still run commands. Polled: tcl's
            # select() notifier cannot watch descriptors past 1023.
            set last [lindex $socks end]
            fconfigure $last -translation binary -blocking 0
            puts -nonewline $last "PING\r\n"
            flush $last
            set line {}
            wait_for_condition 500 20 {[gets $last line] >= 0} else {
                fail "no reply on the last connection"
            }
            assert_equal "+PONG\r" $line
            # QUIT makes the server close first, so the TIME_WAIT state stays
            # on its side and 10,000 local ports are not held for a minute.
            foreach s $socks {
                puts -nonewline $s "QUIT\r\n"
                flush $s
            }
            limits_wait_clients 1
        } finally {
            foreach s $socks {
                catch {close $s}
            }
        }
        assert_equal PONG [r ping]
    }
}
